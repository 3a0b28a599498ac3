// The helpers every browser test file shares: one Chromium per test file, a fresh context per
// page with problem tracking (JavaScript errors, failed same-origin assets, any request to
// another origin — everything is vendored), screenshots, axe-core checks and the demo login.
//
// A test file calls `useBrowser()` once at the top level, then uses `withPage`.
// Environment:
//   KRING_BASE_URL  where `kring serve --demo` listens (required)
//   CHROMIUM_PATH   the Chromium binary (default /usr/bin/chromium; Debian: apt-get install chromium)

import { before, after } from 'node:test';
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

export const BASE = new URL(process.env.KRING_BASE_URL);
export const ROLES = ['admin', 'professional', 'coordinator', 'partner', 'analyst', 'guide'];
export const PHONE = { width: 390, height: 844 };
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

let browser;

/** Launch Chromium before the file's tests and close it after them. */
export function useBrowser() {
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
}

/** Absolute URL of a path on the server under test. */
export const at = (path) => new URL(path, BASE).href;

/**
 * Run `fn(page)` in a fresh browser context, optionally with `options`:
 *   lang              the kring_lang cookie and browser locale (default: none, Dutch locale)
 *   javaScript        false switches JavaScript off
 *   withoutMapScripts answer the map's scripts empty (the DOM without JavaScript, but axe runs)
 *   viewport          e.g. PHONE
 *   otherOrigins      origins the page may reach besides Kring (the OpenID provider)
 * Afterwards, fail if the page threw a JavaScript error, a same-origin subresource failed to
 * load, or any request went to another origin.
 */
/**
 * Each page's context is its own client: `scripts/test.sh` starts Kring with
 * `--trusted-proxy 127.0.0.1`, and every context sends its own `X-Forwarded-For` address, as a
 * reverse proxy would for different people, so the per-address login limit (20 per 5 minutes)
 * counts each test's logins apart instead of the whole suite's.
 */
let nextClient = 0;
const clientAddress = () => {
  nextClient += 1;
  return `198.51.${100 + Math.floor(nextClient / 250)}.${(nextClient % 250) + 1}`;
};

export async function withPage(options, fn) {
  if (typeof options === 'function') {
    fn = options;
    options = {};
  }
  const { lang, javaScript = true, withoutMapScripts = false, viewport, otherOrigins = [] } = options;
  const context = await browser.newContext({
    locale: lang === 'en' ? 'en-GB' : 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    javaScriptEnabled: javaScript,
    extraHTTPHeaders: { 'X-Forwarded-For': clientAddress() },
    ...(viewport ? { viewport } : {}),
  });
  if (lang) {
    await context.addCookies([{ name: 'kring_lang', value: lang, url: BASE.origin }]);
  }
  if (withoutMapScripts) {
    await context.route(/\/static\/(leaflet|kring-map)\.js$/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    );
  }
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`JavaScript error on ${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== BASE.origin && !otherOrigins.includes(url.origin)) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });
  const answeredWithError = new Set();
  page.on('response', (res) => {
    const req = res.request();
    const isAsset =
      !req.isNavigationRequest() && req.resourceType() !== 'xhr' && req.resourceType() !== 'fetch';
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
export const slug = (label) => label.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';

/** Save a full-page screenshot to screenshots/<label>.png. */
export async function screenshot(page, label) {
  await page.screenshot({ path: `${SCREENSHOT_DIR}${slug(label)}.png`, fullPage: true });
}

/** Run axe-core (WCAG 2.1 A and AA) on the page and fail on any violation. */
export async function checkA11y(page, label) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const report = violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `    at ${n.target.join(' ')}\n       ${n.html}\n       ${(n.failureSummary ?? '').replace(/\n/g, '\n       ')}`,
        )
        .join('\n');
      return `  - ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
  assert.equal(violations.length, 0, `${label} (${page.url()}): ${violations.length} axe violation(s):\n${report}`);
}

/**
 * Fail when the page is wider than the window, so a reader on a phone would have to scroll
 * sideways (WCAG 1.4.10 Reflow). Wide tables scroll inside their own box and do not count.
 */
export async function checkReflow(page, label) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(
    scrollWidth <= innerWidth,
    `${label} (${page.url()}): the page is ${scrollWidth - innerWidth} px wider than the ${innerWidth} px window`,
  );
}

/** Screenshot, axe-check and reflow-check the current page. */
export async function inspect(page, label) {
  await screenshot(page, label);
  await checkA11y(page, label);
  await checkReflow(page, label);
}

/** Open a path, require HTTP status < 400, then screenshot and axe-check it. */
export async function visit(page, path, label) {
  const response = await page.goto(at(path), { waitUntil: 'load' });
  assert.ok(response, `${label}: no response for ${path}`);
  assert.ok(response.status() < 400, `${label}: GET ${path} answered HTTP ${response.status()}`);
  await inspect(page, label);
  return response;
}

/** Wait until <html lang> is exactly `lang` (it may take a page load). */
export async function expectLang(page, lang, label) {
  try {
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached', timeout: 10_000 });
  } catch {
    const actual = await page.locator('html').getAttribute('lang');
    assert.fail(`${label}: expected <html lang="${lang}">, found lang="${actual}" on ${page.url()}`);
  }
  await page.waitForLoadState('load');
}

/** Click the link to the other language and wait for the page to be in it. */
export async function switchLanguage(page, lang, label) {
  const link = page.locator(`a[hreflang="${lang}"]`).first();
  assert.ok(await link.count(), `${label}: no a[hreflang="${lang}"] language link on ${page.url()}`);
  await link.click();
  await expectLang(page, lang, label);
}

/** The demo credentials for `role`, read from the table on the login page: the first account
 * of that role (the demo has two partners; `email` picks another one). */
export async function demoCredentials(page, role, label, email = null) {
  await visit(page, '/inloggen', label);
  let row = page.locator(`tr[data-demo-role="${role}"]`);
  assert.ok(await row.count() >= 1, `the login page should list a demo account for ${role}`);
  row = email ? row.filter({ has: page.locator('td[data-demo-email]', { hasText: email }) }) : row.first();
  assert.equal(await row.count(), 1, `the login page should list the demo account ${email ?? role}`);
  email = (await row.locator('td[data-demo-email]').textContent()).trim();
  const password = (await row.locator('td[data-demo-password]').textContent()).trim();
  assert.ok(email && password, `demo account row for ${role} has an empty e-mail or password`);
  return { email, password };
}

export const loginForm = (page) => page.locator('form:has(input[name="password"])');
export const logoutForm = (page) => page.locator('header form[action="/uitloggen"]');

/** Fill in and submit the login form; resolves to the response to the POST. */
export async function submitLogin(page, email, password) {
  const form = loginForm(page);
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ]);
  return response;
}

/** Log in as a demo role with the credentials the login page shows (`email`: one of several
 * accounts of that role). */
export async function loginAs(page, role, email = null) {
  const { email: login, password } = await demoCredentials(page, role, `${role}-inloggen`, email);
  const response = await submitLogin(page, login, password);
  assert.equal(response.status(), 303, `logging in as ${role}`);
  await page.waitForURL(at('/'));
  await page.waitForLoadState('load');
}

/** Submit `form` by clicking its submit button; resolves to the response to the POST. */
export async function submit(page, form) {
  const [response] = await Promise.all([
    page.waitForResponse((res) => res.request().method() === 'POST'),
    form.locator('button[type="submit"]').first().click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Same-origin links in the header navigation, as paths, without /uitloggen or language links. */
export async function navigationPaths(page) {
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

/** The href of the first link matching `selector` on the current page, as a path. */
export async function firstLink(page, selector) {
  const href = await page.locator(selector).first().getAttribute('href');
  assert.ok(href, `no link ${selector} on ${page.url()}`);
  return new URL(href, BASE).pathname;
}
