// Browser test: single sign-on through a real OpenID provider (oidc-provider, started by
// scripts/test.sh as tests/browser/oidc-provider.mjs). The demo professional logs in with the
// organisation's account and lands on the professional's home page; logout ends the Kring
// session and the provider's; a user of the provider without a Kring account gets a clear
// page and no session. Axe checks Kring's pages on the way (the provider's development pages
// are not Kring's).
//
// Run (with the provider and `kring serve --demo --oidc-issuer …` listening):
//   cd tests/browser && KRING_BASE_URL=… KRING_OIDC_ISSUER=… node --test oidc.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, visit, inspect, logoutForm, at } from './support.mjs';

useBrowser();

const ISSUER = process.env.KRING_OIDC_ISSUER;
const skip = ISSUER ? false : 'KRING_OIDC_ISSUER is not set: Kring runs without single sign-on';
const provider = ISSUER ? new URL(ISSUER).origin : '';
// The provider's development pages load a web font; answered empty, as the suite goes offline.
const FONTS = 'https://fonts.googleapis.com';
const options = { otherOrigins: [provider, FONTS] };

async function offline(page) {
  await page.route(`${FONTS}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
}

/** From Kring's login page through the provider's login form, as `email`. */
async function signInAtProvider(page, email) {
  await visit(page, '/inloggen', 'oidc-login-page');
  await page.locator('#login-oidc').click();
  await page.waitForURL((url) => url.origin === provider);
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('wat-dan-ook');
  await page.locator('button[type="submit"]').click();
}

test('the professional logs in with the organisation account and out again', { skip }, async () => {
  await withPage(options, async (page) => {
    await offline(page);
    await signInAtProvider(page, 'wijkteam@voorbeeld.nl');
    await page.waitForURL(at('/'));
    await page.waitForLoadState('load');
    await inspect(page, 'oidc-home');
    assert.equal(
      (await page.locator('h1').textContent()).trim(),
      'Welkom, Samira Wijkteam',
      'the demo professional is signed in',
    );
    assert.ok(await page.locator('#queue-new-questions, .kring-queue').count(), "the professional's work queue");
    await visit(page, '/vragen', 'oidc-questions');

    // Logout ends Kring's session and continues to the provider, which asks to confirm and
    // comes back to Kring's login page.
    await logoutForm(page).locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.origin === provider);
    await page.locator('button[name="logout"][value="yes"]').click();
    await page.waitForURL(at('/inloggen'));
    await page.waitForLoadState('load');
    await inspect(page, 'oidc-logged-out');
    const questions = await page.goto(at('/vragen'));
    assert.equal(new URL(page.url()).pathname, '/inloggen', 'the Kring session has ended');
    assert.ok(questions.status() < 500);

    // Signed out at the provider too: the next organisation login asks for the login again.
    await visit(page, '/inloggen', 'oidc-login-again');
    await page.locator('#login-oidc').click();
    await page.waitForURL((url) => url.origin === provider);
    assert.equal(await page.locator('input[name="login"]').count(), 1, 'the provider asks again');
  });
});

test('a user of the provider without a Kring account gets a clear page and no session', { skip }, async () => {
  await withPage(options, async (page) => {
    await offline(page);
    await signInAtProvider(page, 'onbekend@voorbeeld.nl');
    await page.waitForURL((url) => url.pathname === '/inloggen/oidc/terug');
    await page.waitForLoadState('load');
    await inspect(page, 'oidc-not-set-up');
    assert.match(
      await page.locator('#oidc-refused').innerText(),
      /Uw account is nog niet in Kring ingericht; vraag de beheerder\./,
    );
    await page.goto(at('/vragen'));
    assert.equal(new URL(page.url()).pathname, '/inloggen', 'no session was made');
  });
});

test('the login page offers the organisation account in English too', { skip }, async () => {
  await withPage({ lang: 'en' }, async (page) => {
    await visit(page, '/inloggen', 'oidc-login-page-en');
    assert.equal((await page.locator('#login-oidc').textContent()).trim(), 'Log in with your organisation account');
  });
});
