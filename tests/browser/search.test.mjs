// Browser tests for the social map residents search themselves: /wijk as a GET search by
// postcode, reach and theme, on a desktop and a phone (390 px), in Dutch, English and Arabic
// (right to left). Every page: zero axe-core violations, never wider than the window, a `tel:`
// link on a result, results numbered as the dots on the map. A bad postcode keeps what was typed
// and says what to fix. Screenshots go to screenshots/search-*.png.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:18092 node --test search.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, useBrowser, at, withPage, inspect } from './support.mjs';

useBrowser();

const WIDE = { width: 1280, height: 900 };

for (const lang of ['nl', 'en', 'ar']) {
  for (const [size, viewport] of [['1280', WIDE], ['390', PHONE]]) {
    test(`a resident finds what is on near a postcode by theme (${lang}, ${size} px)`, async () => {
      await withPage({ lang, viewport }, async (page) => {
        await page.goto(at('/wijk'), { waitUntil: 'load' });
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        assert.equal(await page.locator('html').getAttribute('dir'), lang === 'ar' ? 'rtl' : null);
        await page.locator('#postcode').fill('9901 AB');
        await page.locator('#reach').selectOption('bike');
        await page.locator('input[name="theme"][value="bewegen"]').check();
        await Promise.all([page.waitForURL(/postcode=9901/), page.locator('#zoeken button[type="submit"]').click()]);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('theme'), 'bewegen');
        assert.equal(url.searchParams.get('reach'), 'bike');
        // What was typed stays in the form.
        assert.equal(await page.locator('#postcode').inputValue(), '9901 AB');
        assert.ok(await page.locator('input[name="theme"][value="bewegen"]').isChecked());
        const results = page.locator('.kring-result');
        assert.ok((await results.count()) > 0, 'results');
        assert.ok((await page.locator('.kring-result a[href^="tel:"]').count()) > 0, 'a tel: link');
        // Every numbered result is a marker on the map (Leaflet when scripts run).
        const numbered = await page.locator('.kring-result[data-map-number]').count();
        assert.ok(numbered > 0);
        await page.locator('.kring-map__leaflet .leaflet-marker-icon').first().waitFor();
        assert.equal(await page.locator('.kring-map__leaflet .leaflet-marker-icon').count(), numbered);
        await inspect(page, `search-${lang}-${size}`);
      });
    });
  }

  test(`a postcode outside the municipality is refused and kept (${lang})`, async () => {
    await withPage({ lang, viewport: PHONE }, async (page) => {
      const response = await page.goto(at('/wijk?postcode=1234+AB&reach=walk'), { waitUntil: 'load' });
      assert.equal(response.status(), 422);
      await page.locator('#error-summary a[href="#postcode"]').waitFor();
      assert.equal(await page.locator('#postcode').inputValue(), '1234 AB');
      assert.equal(await page.locator('#postcode').getAttribute('aria-invalid'), 'true');
      await inspect(page, `search-refused-${lang}`);
    });
  });
}

test('a search without results says so and suggests going further', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await page.goto(at('/wijk?postcode=9901&reach=walk&dag=zo&dagdeel=avond&free=1'), { waitUntil: 'load' });
    await page.locator('#wijk-none').waitFor();
    assert.equal(await page.locator('.kring-result').count(), 0);
    await inspect(page, 'search-none-nl');
  });
});
