// Browser tests for the public neighbourhood pages (no login): /wijk and /wijk/WK999901 of the
// demo municipality, in Dutch and English, with JavaScript (the Leaflet map) and without it
// (the inline SVG map), on a desktop and on a phone width (390 px). Every page must have zero
// axe-core violations of WCAG 2.1 A/AA, load no asset from another origin and throw no
// JavaScript error. Screenshots go to screenshots/public-*.png.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  useBrowser,
  at,
  withPage,
  screenshot,
  checkA11y,
} from './support.mjs';

const DISTRICT = '/wijk/WK999901';

useBrowser();

async function open(page, path, label, status = 200, { axe = true } = {}) {
  const response = await page.goto(at(path), { waitUntil: 'load' });
  assert.equal(response.status(), status, `${label}: GET ${path}`);
  await screenshot(page, `public-${label}`);
  if (axe) {
    await checkA11y(page, label);
  }
}

for (const lang of ['nl', 'en']) {
  test(`the municipality page lists the districts (${lang})`, async () => {
    await withPage({ lang }, async (page) => {
      await open(page, '/wijk', `wijk-${lang}`);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      const links = page.locator('.kring-district-list a[href^="/wijk/WK"]');
      assert.equal(await links.count(), 3, 'three demo districts');
      await links.first().click();
      await page.waitForURL(/\/wijk\/WK999901$/);
    });
  });

  test(`a district page shows the calendar, the Leaflet map and the organisations (${lang})`, async () => {
    await withPage({ lang }, async (page) => {
      await page.goto(at(DISTRICT), { waitUntil: 'load' });
      // kring-map.js replaces the SVG by a Leaflet map with one marker per listed venue.
      await page.locator('.kring-map__leaflet .leaflet-marker-icon').first().waitFor();
      const venues = await page.locator('.kring-venue-list > li').count();
      assert.ok(venues >= 2, `venues on the map: ${venues}`);
      assert.equal(await page.locator('.kring-map__leaflet .leaflet-marker-icon').count(), venues);
      assert.equal(await page.locator('.kring-map__svg').isVisible(), false);
      assert.equal(await page.locator('.leaflet-tile').count(), 0, 'no tiles unless configured');
      assert.ok(await page.locator('.kring-session').count() > 0, 'sessions this week and next');
      assert.ok(await page.locator('.kring-organisation').count() > 0, 'organisations');
      const ask = page.locator('a[href="/vraag"]');
      assert.equal((await ask.textContent()).trim(), lang === 'nl' ? 'Stel je vraag' : 'Ask your question');
      await screenshot(page, `public-district-js-${lang}`);
      await checkA11y(page, `district with JavaScript (${lang})`);
    });
  });

  test(`the map attribution shows as text, never as markup (${lang})`, async () => {
    await withPage({ lang }, async (page) => {
      // As if the municipality had configured tiles and typed markup into the attribution.
      await page.route((url) => url.pathname === DISTRICT, async (route) => {
        const response = await route.fetch();
        const body = (await response.text())
          .replace(/data-tiles="[^"]*"/, 'data-tiles="/kaarttegels/{z}/{x}/{y}.png"')
          .replace(
            /data-attribution="[^"]*"/,
            'data-attribution="&lt;img src=x id=kring-injected onerror=alert(1)&gt; Kaart &amp; co"',
          );
        await route.fulfill({ response, body });
      });
      const pixel = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
        'base64',
      );
      await page.route('**/kaarttegels/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/png', body: pixel }),
      );
      await page.goto(at(DISTRICT), { waitUntil: 'load' });
      const attribution = page.locator('.leaflet-control-attribution');
      await attribution.waitFor();
      assert.equal(
        (await attribution.textContent()).trim(),
        '<img src=x id=kring-injected onerror=alert(1)> Kaart & co',
      );
      assert.equal(await page.locator('#kring-injected').count(), 0, 'no element was made');
    });
  });

  test(`a district page works without JavaScript (${lang})`, async () => {
    await withPage({ lang, javaScript: false }, async (page) => {
      await open(page, DISTRICT, `district-nojs-${lang}`, 200, { axe: false });
      assert.ok(await page.locator('.kring-map__svg').isVisible(), 'the SVG map shows');
      const dots = await page.locator('.kring-map__dot').count();
      assert.ok(dots >= 2, `dots: ${dots}`);
      assert.equal(dots, await page.locator('.kring-venue-list > li').count());
    });
    await withPage({ lang, withoutMapScripts: true }, async (page) => {
      await open(page, DISTRICT, `district-noscript-axe-${lang}`);
      assert.ok(await page.locator('.kring-map__svg').isVisible());
    });
  });
}

test('a district page reads well on a phone, with and without JavaScript', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await page.goto(at(DISTRICT), { waitUntil: 'load' });
    await page.locator('.kring-map__leaflet .leaflet-marker-icon').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
    await screenshot(page, `public-district-phone-js`);
    await checkA11y(page, 'district on a phone');
  });
  await withPage({ viewport: PHONE, javaScript: false }, async (page) => {
    await open(page, DISTRICT, 'district-phone-nojs', 200, { axe: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
  });
});

test('an unknown district is a 404 page without violations', async () => {
  await withPage({}, async (page) => {
    await open(page, '/wijk/WK000000', 'unknown-district', 404);
    assert.ok(await page.locator('a[href="/wijk"]').count() > 0);
  });
});
