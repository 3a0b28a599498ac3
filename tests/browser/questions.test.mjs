// Browser tests for help questions: the resident's self-intake "Stel je vraag" (/vraag) in
// Dutch, English and Arabic (right to left) — a refused form keeps what was typed — and the professional's question list and intake form, each page
// with zero axe-core violations of WCAG 2.1 A/AA.
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

// ---------------------------------------------------------------- tests

const LANGUAGES = [
  { lang: 'nl', dir: null },
  { lang: 'en', dir: null },
  { lang: 'ar', dir: 'rtl' },
];

for (const { lang, dir } of LANGUAGES) {
  test(`a resident asks a question at /vraag in ${lang} and gets a reference code`, async () => {
    await withPage(async (page) => {
      await page.goto(at(`/taal?lang=${lang}&terug=/vraag`), { waitUntil: 'load' });
      await expectLang(page, lang, `vraag-${lang}`);
      assert.equal(await page.locator('html').getAttribute('dir'), dir, `dir on /vraag in ${lang}`);
      await inspect(page, `vraag-${lang}`);

      // A form without consent is refused with 422 and keeps what was typed.
      const form = page.locator('form[action="/vraag"]');
      await form.locator('input[name="themes"]').first().check();
      await form.locator('textarea[name="text"]').fill(`Ik wil graag mensen ontmoeten (${lang}) <b>`);
      await form.locator('input[name="availability"]').first().check();
      await form.locator('input[name="postcode"]').fill('9901');
      await form.locator('input[name="phone"]').fill('0612345678');
      const [refused] = await Promise.all([
        page.waitForResponse((res) => res.request().method() === 'POST'),
        form.locator('button[type="submit"]').click(),
      ]);
      assert.equal(refused.status(), 422, `/vraag without consent in ${lang}`);
      await page.waitForLoadState('load');
      assert.equal(
        await page.locator('textarea[name="text"]').inputValue(),
        `Ik wil graag mensen ontmoeten (${lang}) <b>`,
        'the text is kept',
      );
      assert.equal(await page.locator('input[name="postcode"]').inputValue(), '9901');
      assert.equal(await page.locator('#consent[aria-invalid="true"]').count(), 1, 'consent marked invalid');
      await inspect(page, `vraag-${lang}-refused`);
      // Sending with consent and the reference code are covered by the HTTP tests
      // (crates/kring-web/tests/http/questions.rs).
    });
  });
}

test('the professional sees the question list and uses the intake form, in Dutch and English', async () => {
  await withPage(async (page) => {
    const { email, password } = await demoCredentials(page, 'professional', 'questions-inloggen');
    const response = await submitLogin(page, email, password);
    assert.equal(response.status(), 303, 'logging in as professional');
    await page.waitForURL(at('/'));
    await visit(page, '/vragen', 'questions-list-nl');
    assert.ok((await page.locator('table tbody tr').count()) > 0, 'the demo questions are listed');
    const detail = await page.locator('table tbody tr a[href^="/vragen/"]').first().getAttribute('href');
    assert.ok(detail, 'a link to a question');
    await visit(page, detail, 'questions-detail-nl');
    await visit(page, '/vragen/nieuw', 'questions-intake-nl');
    // An unknown postcode is refused and everything typed is kept.
    const form = page.locator('form:has(textarea[name="text"])');
    await form.locator('textarea[name="text"]').fill('Wil graag bewegen in een groep');
    await form.locator('input[name="postcode"]').fill('1011');
    await form.locator('input[name="themes"]').first().check();
    await form.locator('input[name="availability"]').first().check();
    const [refused] = await Promise.all([
      page.waitForResponse((res) => res.request().method() === 'POST'),
      form.locator('button[type="submit"]').click(),
    ]);
    assert.equal(refused.status(), 422, 'intake with an unknown postcode');
    await page.waitForLoadState('load');
    assert.equal(await page.locator('textarea[name="text"]').inputValue(), 'Wil graag bewegen in een groep');
    assert.equal(await page.locator('input[name="postcode"]').inputValue(), '1011');
    await inspect(page, 'questions-intake-refused-nl');
    await switchLanguage(page, 'en', 'questions-en');
    await visit(page, '/vragen', 'questions-list-en');
    await visit(page, '/vragen/nieuw', 'questions-intake-en');
  });
});
