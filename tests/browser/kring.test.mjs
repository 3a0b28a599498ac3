// Browser tests for Kring: drive a running `kring serve --demo` with headless
// Chromium and check, the way a person would use it, that
//   * the public pages (/ and /inloggen) work in Dutch and English and have no
//     axe-core violations of WCAG 2.1 A/AA;
//   * a wrong password shows an error alert and keeps the typed e-mail address;
//   * every demo role (admin, professional, coordinator, partner, analyst) can
//     log in with the credentials shown on the demo login page, open every page
//     in its header navigation (HTTP status < 400, still logged in, no axe
//     violations, in Dutch and on one page in English), and log out again.
// On every page it also fails on JavaScript errors, on same-origin assets that
// fail to load, and on requests to any other origin (everything is vendored).
// A full-page screenshot of every page visited is saved to screenshots/<label>.png.
//
// Run (with the server already listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test
// Environment:
//   KRING_BASE_URL  where the server listens (required)
//   CHROMIUM_PATH   the Chromium binary (default /usr/bin/chromium; Debian: apt-get install chromium)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

if (!process.env.KRING_BASE_URL) {
  throw new Error(
    'KRING_BASE_URL is not set. Start `kring serve --demo`, then run e.g. ' +
      'KRING_BASE_URL=http://127.0.0.1:8080 node --test',
  );
}
const BASE = new URL(process.env.KRING_BASE_URL);
const ROLES = ['admin', 'professional', 'coordinator', 'partner', 'analyst'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

let browser;

before(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------- helpers

/** Absolute URL of a path on the server under test. */
const at = (path) => new URL(path, BASE).href;

/**
 * Run `fn(page)` in a fresh Dutch browser context. Afterwards, fail if the page
 * threw a JavaScript error, a same-origin subresource failed to load, or any
 * request went to another origin.
 */
async function withPage(fn) {
  const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`JavaScript error on ${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== BASE.origin) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });
  const answeredWithError = new Set();
  page.on('response', (res) => {
    const req = res.request();
    const isAsset = !req.isNavigationRequest() && req.resourceType() !== 'xhr' && req.resourceType() !== 'fetch';
    if (isAsset && res.status() >= 400 && new URL(res.url()).pathname !== '/favicon.ico') {
      answeredWithError.add(req);
      problems.push(`asset ${res.url()} answered HTTP ${res.status()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // A navigation replaced by another one is reported as aborted; that is harmless.
    if (!req.isNavigationRequest() && !answeredWithError.has(req)) {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  try {
    await fn(page);
  } finally {
    await context.close();
  }
  assert.equal(problems.length, 0, `problems while loading pages:\n${[...new Set(problems)].join('\n')}`);
}

/** Turn a label into a safe file name. */
const slug = (label) => label.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';

/** Save a full-page screenshot to screenshots/<label>.png. */
async function screenshot(page, label) {
  await page.screenshot({ path: `${SCREENSHOT_DIR}${slug(label)}.png`, fullPage: true });
}

/** Run axe-core (WCAG 2.1 A and AA) on the page and fail on any violation. */
async function checkA11y(page, label) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const report = violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    at ${n.target.join(' ')}\n       ${n.html}\n       ${(n.failureSummary ?? '').replace(/\n/g, '\n       ')}`)
        .join('\n');
      return `  - ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
  assert.equal(
    violations.length,
    0,
    `${label} (${page.url()}): ${violations.length} axe violation(s):\n${report}`,
  );
}

/** Screenshot and axe-check the current page. */
async function inspect(page, label) {
  await screenshot(page, label);
  await checkA11y(page, label);
}

/** Open a path, require HTTP status < 400, then screenshot and axe-check it. */
async function visit(page, path, label) {
  const response = await page.goto(at(path), { waitUntil: 'load' });
  assert.ok(response, `${label}: no response for ${path}`);
  assert.ok(response.status() < 400, `${label}: GET ${path} answered HTTP ${response.status()}`);
  await inspect(page, label);
  return response;
}

/** Wait until <html lang> is exactly `lang` (it may take a page load). */
async function expectLang(page, lang, label) {
  try {
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached', timeout: 10_000 });
  } catch {
    const actual = await page.locator('html').getAttribute('lang');
    assert.fail(`${label}: expected <html lang="${lang}">, found lang="${actual}" on ${page.url()}`);
  }
  await page.waitForLoadState('load');
}

/** Click the link to the other language and wait for the page to be in it. */
async function switchLanguage(page, lang, label) {
  const link = page.locator(`a[hreflang="${lang}"]`).first();
  assert.ok(await link.count(), `${label}: no a[hreflang="${lang}"] language link on ${page.url()}`);
  await link.click();
  await expectLang(page, lang, label);
}

/** The demo credentials for `role`, read from the table on the login page. */
async function demoCredentials(page, role, label) {
  await visit(page, '/inloggen', label);
  const row = page.locator(`tr[data-demo-role="${role}"]`);
  assert.equal(await row.count(), 1, `the login page should list exactly one demo account for ${role}`);
  const email = (await row.locator('td[data-demo-email]').textContent()).trim();
  const password = (await row.locator('td[data-demo-password]').textContent()).trim();
  assert.ok(email && password, `demo account row for ${role} has an empty e-mail or password`);
  return { email, password };
}

const loginForm = (page) => page.locator('form:has(input[name="password"])');
const logoutForm = (page) => page.locator('header form[action="/uitloggen"]');

/** Fill in and submit the login form; resolves to the response to the POST. */
async function submitLogin(page, email, password) {
  const form = loginForm(page);
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ]);
  return response;
}

/** Same-origin links in the header navigation, as paths, without /uitloggen or language links. */
async function navigationPaths(page) {
  const hrefs = await page
    .locator('header nav a[href]:not([hreflang])')
    .evaluateAll((links) => links.map((a) => a.href));
  const paths = new Set();
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== BASE.origin || url.pathname === '/uitloggen') continue;
    paths.add(url.pathname + url.search);
  }
  return [...paths];
}

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
