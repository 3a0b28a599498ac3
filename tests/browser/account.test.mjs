// Browser test: accounts. An admin creates a fresh account (the demo accounts keep their
// passwords, which other tests use), its owner changes the password on /account (a refused
// form first) and sees their sessions, and the admin deactivates it on the account's page: the
// owner's open page is signed out at the next click. Axe checks every page on the way.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test account.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, inspect, submit, submitLogin, at } from './support.mjs';

useBrowser();

const NEW_PASSWORD = 'een-zin-van-een-paar-woorden';

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

      // The admin finds the account and deactivates it.
      await admin.goto(at('/beheer/accounts'));
      await admin.getByRole('link', { name: 'Browser Test' }).click();
      await admin.waitForLoadState('load');
      await inspect(admin, 'admin-account');
      await submit(admin, admin.locator('form[action$="/uitzetten"]'));
      assert.match(await admin.locator('#account-status').innerText(), /Uitgezet/);
      await inspect(admin, 'admin-account-deactivated');

      const response = await owner.goto(at('/account'));
      assert.ok(owner.url().endsWith('/inloggen'), `signed out at once, at ${owner.url()} (${response.status()})`);
    });
  });
});
