// Browser tests for the network pages: the coordinator's and the partner's views of
// organisations, venues and the open offer, in Dutch and English, with zero axe-core
// violations of WCAG 2.1 A/AA; and the offer form, which on a mistake answers 422, says what
// is wrong next to each field (also for screen readers) and keeps everything that was typed.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

if (!process.env.KRING_BASE_URL) {
  throw new Error('KRING_BASE_URL is not set. Start `kring serve --demo` first.');
}
const BASE = new URL(process.env.KRING_BASE_URL);
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

// ---------------------------------------------------------------- helpers for the network

/** Log in as a demo role with the credentials the login page shows. */
async function loginAs(page, role) {
  const { email, password } = await demoCredentials(page, role, `network-${role}-inloggen`);
  const response = await submitLogin(page, email, password);
  assert.equal(response.status(), 303, `logging in as ${role}`);
  await page.waitForURL(at('/'));
  await page.waitForLoadState('load');
}

/** The href of the first link matching `selector` on the current page, as a path. */
async function firstLink(page, selector) {
  const href = await page.locator(selector).first().getAttribute('href');
  assert.ok(href, `no link ${selector} on ${page.url()}`);
  return new URL(href, BASE).pathname;
}

// ---------------------------------------------------------------- tests

test('the coordinator reads and manages the network without accessibility violations, in Dutch and English', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    const nav = await navigationPaths(page);
    assert.ok(nav.includes('/netwerk'), `the coordinator's navigation links to /netwerk: ${nav}`);

    await visit(page, '/netwerk', 'network-organisations-nl');
    const organisation = await firstLink(page, 'main table a[href^="/netwerk/organisaties/"]');
    await visit(page, organisation, 'network-organisation-nl');
    await visit(page, '/netwerk/organisaties/nieuw', 'network-organisation-new-nl');
    await visit(page, '/netwerk/plekken?wijk=WK999903', 'network-venues-noorderhaven-nl');
    const venue = await firstLink(page, 'main table a[href^="/netwerk/plekken/"]');
    await visit(page, venue, 'network-venue-nl');
    await visit(page, '/netwerk/aanbod?wijk=WK999901&thema=bewegen&dag=do', 'network-offers-filtered-nl');
    assert.ok(await page.locator('main table a[href^="/netwerk/aanbod/"]').count(), 'a Thursday movement offer in Voorstad');
    const offer = await firstLink(page, 'main table a[href^="/netwerk/aanbod/"]');
    await visit(page, offer, 'network-offer-nl');
    await visit(page, `${offer}/bewerken`, 'network-offer-edit-nl');
    await visit(page, '/netwerk/import', 'network-import-nl');

    await page.goto(at('/netwerk/aanbod'));
    await switchLanguage(page, 'en', 'network offers');
    await inspect(page, 'network-offers-en');
    for (const [path, label] of [[offer, 'network-offer-en'], [venue, 'network-venue-en'], ['/netwerk', 'network-organisations-en'], ['/netwerk/aanbod/nieuw', 'network-offer-new-en']]) {
      await visit(page, path, label);
      await expectLang(page, 'en', label);
    }
  });
});

test('the offer form answers a mistake with 422, a message at each field and everything typed kept', async () => {
  for (const lang of ['nl', 'en']) {
    await withPage(async (page) => {
      await loginAs(page, 'coordinator');
      await visit(page, '/netwerk/aanbod/nieuw', `network-offer-form-${lang}`);
      if (lang === 'en') {
        await switchLanguage(page, 'en', 'offer form');
      }
      const form = page.locator('main form[action="/netwerk/aanbod"]');
      await form.locator('#offer-title').fill('Stoelgym <script>alert(1)</script>');
      await form.locator('input[name="organisation_ids"]').first().check();
      await form.locator('#offer-theme-bewegen').check();
      await form.locator('#offer-first_date').fill('2026-12-03');
      await form.locator('#offer-start').fill('13:00');
      await form.locator('#offer-end').fill('12:00');
      await form.locator('#offer-repeat-weekly').check();
      await form.locator('#offer-until').fill('2027-06-24');
      await form.locator('#offer-capacity').fill('-3');
      await form.locator('#offer-exceptions').fill('2026-12-21..2027-01-03');
      const [response] = await Promise.all([
        page.waitForResponse((res) => res.request().method() === 'POST'),
        form.locator('button[type="submit"]').click(),
      ]);
      assert.equal(response.status(), 422, 'a mistake answers 422');
      await page.waitForLoadState('load');
      await page.locator('[role="alert"]').first().waitFor({ state: 'visible' });
      assert.equal(await page.locator('#offer-title').inputValue(), 'Stoelgym <script>alert(1)</script>');
      assert.equal(await page.locator('#offer-exceptions').inputValue(), '2026-12-21..2027-01-03');
      assert.equal(await page.locator('#offer-capacity').inputValue(), '-3');
      assert.ok(await page.locator('#offer-theme-bewegen').isChecked(), 'the theme stays chosen');
      assert.ok(await page.locator('#offer-repeat-weekly').isChecked(), 'the repeat choice stays');
      for (const field of ['end', 'capacity']) {
        const input = page.locator(`#offer-${field}`);
        assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} is marked invalid`);
        assert.equal(await input.getAttribute('aria-describedby'), `offer-${field}-error`);
        assert.ok(await page.locator(`#offer-${field}-error`).isVisible(), `${field} has its message`);
      }
      await expectLang(page, lang, 'offer form after a mistake');
      await inspect(page, `network-offer-form-error-${lang}`);
    });
  }
});

test('a partner sees the network and may change only its own activities', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'partner');
    await visit(page, '/netwerk', 'network-partner-organisations-nl');
    await visit(page, '/netwerk/aanbod', 'network-partner-offers-nl');
    // The demo partner works for Buurthuis Het Enkhuis, which runs "Koffie om zeven".
    await page.locator('main table a', { hasText: 'Koffie om zeven' }).first().click();
    await page.waitForLoadState('load');
    await inspect(page, 'network-partner-own-offer-nl');
    assert.ok(await page.locator('a[href$="/bewerken"]').count(), 'the partner may change its own activity');
    await visit(page, '/netwerk/aanbod', 'network-partner-offers-again-nl');
    await page.locator('main table a', { hasText: 'Repair café' }).first().click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('a[href$="/bewerken"]').count(), 0, 'no edit link on another organisation\'s activity');
    const refused = await page.goto(page.url() + '/bewerken', { waitUntil: 'load' });
    assert.equal(refused.status(), 403);
    await inspect(page, 'network-partner-refused-nl');
    await switchLanguage(page, 'en', 'partner refusal');
    await inspect(page, 'network-partner-refused-en');
  });
});
