// Browser tests for the network pages: the coordinator's and the partner's views of
// organisations, venues and the open offer, in Dutch and English, with zero axe-core
// violations of WCAG 2.1 A/AA; and the offer form, which on a mistake answers 422, says what
// is wrong next to each field (also for screen readers) and keeps everything that was typed.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser,
  at,
  withPage,
  inspect,
  visit,
  expectLang,
  switchLanguage,
  loginAs,
  navigationPaths,
  firstLink,
} from './support.mjs';

useBrowser();

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
