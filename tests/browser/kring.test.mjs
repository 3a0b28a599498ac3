// Browser tests for Kring: drive a running `kring serve --demo` with headless
// Chromium and check, the way a person would use it, that
//   * the public pages (/ and /inloggen) work in Dutch and English and have no
//     axe-core violations of WCAG 2.1 A/AA;
//   * a wrong password shows an error alert and keeps the typed e-mail address;
//   * every demo role (admin, professional, coordinator, partner, analyst) can
//     log in with the credentials shown on the demo login page, open every page
//     in its header navigation (HTTP status < 400, still logged in, no axe
//     violations, in Dutch and on one page in English), and log out again;
//   * on a 390 px phone, in the same login, every page in each role's navigation and the first
//     record each lists has no axe violations and never scrolls sideways.
// On every page it also fails on JavaScript errors, on same-origin assets that
// fail to load, and on requests to any other origin (everything is vendored).
// A full-page screenshot of every page visited is saved to screenshots/<label>.png.
//
// Run (with the server already listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test
// Environment:
//   KRING_BASE_URL  where the server listens (required)
//   CHROMIUM_PATH   the Chromium binary (default /usr/bin/chromium; Debian: apt-get install chromium)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROLES,
  useBrowser,
  at,
  withPage,
  slug,
  inspect,
  visit,
  expectLang,
  switchLanguage,
  demoCredentials,
  loginForm,
  logoutForm,
  submitLogin,
  navigationPaths,
  PHONE,
} from './support.mjs';

useBrowser();

// ---------------------------------------------------------------- tests

test('the public pages have no accessibility violations in Dutch or in English', async () => {
  for (const path of ['/', '/inloggen']) {
    await withPage(async (page) => {
      const name = path === '/' ? 'home' : slug(path);
      await visit(page, path, `public-${name}-nl`);
      await expectLang(page, 'nl', `public ${path}`);

      await switchLanguage(page, 'en', `public ${path}`);
      await inspect(page, `public-${name}-en`);

      await switchLanguage(page, 'nl', `public ${path} (back to Dutch)`);
    });
  }
});

test('a wrong password shows an error alert and keeps the typed e-mail address', async () => {
  await withPage(async (page) => {
    const { email } = await demoCredentials(page, 'admin', 'login-page');
    const response = await submitLogin(page, email, 'dit-is-niet-het-wachtwoord');
    assert.ok(
      [401, 422].includes(response.status()),
      `a wrong password should answer HTTP 401 or 422, got ${response.status()}`,
    );
    await page.waitForLoadState('load');
    await page.locator('[role="alert"]').first().waitFor({ state: 'visible' });
    assert.equal(await loginForm(page).locator('input[name="email"]').inputValue(), email);
    assert.equal(await logoutForm(page).count(), 0, 'a failed login must not show the logout form');
    await inspect(page, 'login-wrong-password');
  });
});

for (const role of ROLES) {
  test(`the demo ${role} can log in, open every page in the navigation without accessibility violations, and log out`, async () => {
    await withPage(async (page) => {
      // Log in with the credentials the demo login page shows.
      const { email, password } = await demoCredentials(page, role, `${role}-inloggen`);
      const response = await submitLogin(page, email, password);
      assert.equal(response.status(), 303, `logging in as ${role} should answer 303 See Other`);
      await page.waitForURL(at('/'));
      await page.waitForLoadState('load');
      assert.ok(await page.locator('header nav[aria-label]').count(), `${role}: no header nav[aria-label] after logging in`);
      await logoutForm(page).waitFor({ state: 'attached' });
      await inspect(page, `${role}-home-nl`);

      // Every page in the header navigation.
      const paths = await navigationPaths(page);
      assert.ok(paths.length > 0, `the header navigation of ${role} has no links`);
      for (const path of paths) {
        await visit(page, path, `${role}-${slug(path)}-nl`);
        assert.notEqual(new URL(page.url()).pathname, '/inloggen', `${role}: ${path} sent us to the login page`);
        assert.equal(await logoutForm(page).count(), 1, `${role}: not logged in any more on ${path}`);
      }

      // A professional's own district page, and the refusal of a district that is not theirs
      // (the demo professional works in Voorstad and Binnenstad, not Noorderhaven).
      if (role === 'professional') {
        await visit(page, '/wijken/WK999901', `${role}-wijk-voorstad-nl`);
        const refused = await page.goto(at('/wijken/WK999903'), { waitUntil: 'load' });
        assert.equal(refused.status(), 403, 'another district answers 403');
        assert.ok(await page.locator('[role=alert]').count(), 'the 403 page says why');
        await inspect(page, `${role}-wijk-geweigerd-nl`);
      }

      // On a 390 px phone: every page again and the first record each lists (a question, a
      // collective, a signal ...), none scrolling sideways. In the same login, because logins
      // per address are limited.
      await page.setViewportSize(PHONE);
      const seen = new Set(paths);
      for (const path of paths) {
        await visit(page, path, `${role}-phone-${slug(path)}`);
        const first = await page
          .locator('main a[href^="/"]:not([href$=".csv"]):not([href$=".ics"]):not([href*=".csv?"])')
          .evaluateAll((links) => links.map((a) => a.pathname + a.search).find((href) => /\/\d+$/.test(href)));
        if (first && !seen.has(first)) {
          seen.add(first);
          await visit(page, first, `${role}-phone-${slug(first)}`);
        }
      }
      await page.setViewportSize({ width: 1280, height: 720 });

      // One of them in English.
      const englishPath = paths.at(-1);
      await page.goto(at(englishPath));
      await switchLanguage(page, 'en', `${role} ${englishPath}`);
      await inspect(page, `${role}-${slug(englishPath)}-en`);

      // Log out.
      await logoutForm(page).locator('button[type="submit"]').click();
      await page.locator('a[href$="/inloggen"], input[name="password"]').first().waitFor({ state: 'visible' });
      await page.waitForLoadState('load');
      assert.equal(await logoutForm(page).count(), 0, `${role}: the logout form is still shown after logging out`);
      await inspect(page, `${role}-logged-out`);
    });
  });
}
