// Browser test: accounts. An admin creates a fresh account (the demo accounts keep their
// passwords, which other tests use), its owner changes the password on /account (a refused
// form first), sees their sessions and enrols a second factor (the test computes the TOTP codes
// itself from the secret the page shows), logs out and in again with a code, and the admin
// deactivates it on the account's page: the owner's open page is signed out at the next click.
// Axe checks every page on the way, the enrolment and the code page at 1280 and 390 px.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test account.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { useBrowser, withPage, loginAs, visit, inspect, submit, submitLogin, at, logoutForm, PHONE } from './support.mjs';

useBrowser();

const NEW_PASSWORD = 'een-zin-van-een-paar-woorden';

/** RFC 4648 base32 (spaces ignored) to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The six-digit TOTP code (RFC 6238: HMAC-SHA-1, 30 s) of `secret` at `seconds`. */
function totp(secret, seconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const digest = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Checks the page at the phone's width too, then goes back to the desktop's. */
async function inspectBothWidths(page, label) {
  const desktop = page.viewportSize();
  await inspect(page, label);
  await page.setViewportSize(PHONE);
  await inspect(page, `${label}-phone`);
  await page.setViewportSize(desktop);
}

test('a new account changes its password, sees its sessions and is deactivated by an admin', async () => {
  const email = `browser-${Date.now()}@voorbeeld.nl`;
  await withPage(async (admin) => {
    await loginAs(admin, 'admin');
    await visit(admin, '/beheer/accounts', 'accounts');
    const form = admin.locator('form[action="/beheer/accounts"]');
    await form.locator('#email').fill(email);
    await form.locator('#display_name').fill('Browser Test');
    await form.locator('#role').selectOption('analyst');
    const created = await submit(admin, form);
    assert.equal(created.status(), 200, 'the account is created');
    const password = (await admin.locator('#new-password').textContent()).trim();
    assert.ok(password.length >= 12, 'the generated password is shown once');

    await withPage(async (owner) => {
      await visit(owner, '/inloggen', 'owner-login');
      const login = await submitLogin(owner, email, password);
      assert.equal(login.status(), 303);
      await visit(owner, '/account', 'account');
      assert.match(await owner.locator('#session-list').innerText(), /deze sessie/);

      const change = owner.locator('form[action="/account/wachtwoord"]');
      await change.locator('#current-password').fill('niet-het-goede-wachtwoord');
      await change.locator('#new-password').fill('kort');
      await change.locator('#new-password-again').fill('anders');
      const refused = await submit(owner, change);
      assert.equal(refused.status(), 422);
      await inspect(owner, 'account-password-refused');
      const summary = await owner.locator('#error-summary').innerText();
      assert.match(summary, /niet uw huidige wachtwoord/);
      assert.equal(await owner.locator('#current-password').inputValue(), '', 'passwords are not filled in again');

      await change.locator('#current-password').fill(password);
      await change.locator('#new-password').fill(NEW_PASSWORD);
      await change.locator('#new-password-again').fill(NEW_PASSWORD);
      const changed = await submit(owner, change);
      assert.equal(changed.status(), 303);
      await inspect(owner, 'account-password-changed');
      assert.match(await owner.locator('main').innerText(), /Uw wachtwoord is gewijzigd/);

      // A second factor: the QR code and the secret to type; a wrong code first, then the
      // code computed from the secret on the page; ten recovery codes shown once.
      await submit(owner, owner.locator('form[action="/account/tweede-factor"]'));
      assert.equal(await owner.locator('svg.kring-qr').count(), 1, 'the QR code is drawn on the server');
      const secret = (await owner.locator('#totp-secret').innerText()).trim();
      assert.match(secret, /^([A-Z2-7]{4} )+[A-Z2-7]{4}$/, 'the secret in groups of four');
      await inspectBothWidths(owner, 'account-totp-enrol');
      const enrol = owner.locator('form[action="/account/tweede-factor/bevestigen"]');
      const bad = totp(secret, Date.now() / 1000).split('').map((d) => (Number(d) + 5) % 10).join('');
      await enrol.locator('#totp-code').fill(bad);
      const wrong = await submit(owner, enrol);
      assert.equal(wrong.status(), 422);
      assert.match(await owner.locator('#error-summary').innerText(), /code klopt niet/);
      assert.equal((await owner.locator('#totp-secret').innerText()).trim(), secret, 'the same secret after a wrong code');
      await inspect(owner, 'account-totp-refused');
      const enrolledAt = Date.now() / 1000;
      await enrol.locator('#totp-code').fill(totp(secret, enrolledAt));
      const enrolled = await submit(owner, enrol);
      assert.equal(enrolled.status(), 200);
      assert.equal(await owner.locator('#recovery-codes li').count(), 10, 'ten recovery codes');
      await inspectBothWidths(owner, 'account-totp-recovery-codes');

      // Log out, and in again: the password, then a code of the next step (the enrolment's
      // code is spent; a phone running a little ahead is accepted).
      await logoutForm(owner).locator('button[type="submit"]').click();
      await owner.waitForLoadState('load');
      await visit(owner, '/inloggen', 'owner-login-again');
      const first = await submitLogin(owner, email, NEW_PASSWORD);
      assert.equal(first.status(), 303);
      await owner.waitForURL(/\/inloggen\/code$/);
      await inspectBothWidths(owner, 'login-code');
      await owner.locator('#code').fill(totp(secret, Math.max(Date.now() / 1000, enrolledAt + 30)));
      const second = await submit(owner, owner.locator('form[action="/inloggen/code"]'));
      assert.equal(second.status(), 303);
      await visit(owner, '/account', 'account-with-totp');
      assert.match(await owner.locator('#totp-status').innerText(), /staat aan.*10 herstelcodes/s);

      // The admin finds the account and deactivates it.
      await admin.goto(at('/beheer/accounts'));
      await admin.getByRole('link', { name: 'Browser Test' }).click();
      await admin.waitForLoadState('load');
      await inspect(admin, 'admin-account');
      assert.equal((await admin.locator('#account-totp').innerText()).trim(), 'Aan', 'the admin sees the second factor');
      await submit(admin, admin.locator('form[action$="/uitzetten"]'));
      assert.match(await admin.locator('#account-status').innerText(), /Uitgezet/);
      await inspect(admin, 'admin-account-deactivated');

      const response = await owner.goto(at('/account'));
      assert.ok(owner.url().endsWith('/inloggen'), `signed out at once, at ${owner.url()} (${response.status()})`);
    });
  });
});
