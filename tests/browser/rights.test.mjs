// Browser test: residents' rights. A professional goes from a question to its resident in one
// click, opens the access report (nav hidden when printed), and corrects the resident's
// details (a refused form first, which keeps what was typed). Axe checks every page, in Dutch
// and English. Then a professional erases a member of a running collective on request (the
// confirmation axe-checked at 1280 and 390 px) and the dashboard's figures until yesterday are
// the same before and after.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test rights.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, inspect, submit, switchLanguage, firstLink, PHONE } from './support.mjs';

useBrowser();

test('a professional prints a resident\'s access report and corrects their details', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/vragen', 'rights-questions');
    const question = await firstLink(page, 'main table a[href^="/vragen/"]');
    await visit(page, question, 'rights-question');
    await page.locator('#bewoner').click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/bewoners\/\d+$/);
    await inspect(page, 'rights-resident');
    const resident = new URL(page.url()).pathname;

    await page.locator('#inzage').click();
    await page.waitForLoadState('load');
    await inspect(page, 'rights-access-report');
    assert.match(await page.locator('main').innerText(), /Wie heeft deze gegevens bekeken of veranderd/);
    assert.match(await page.locator('main').innerText(), /Bekeken: het inzageoverzicht/);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.kring-nav').isVisible(), false, 'no navigation on paper');
    assert.equal(await page.locator('[data-kring-print]').isVisible(), false, 'no buttons on paper');
    assert.ok(await page.locator('h1').isVisible());
    await page.emulateMedia({ media: 'screen' });

    await visit(page, `${resident}/corrigeren`, 'rights-rectify');
    const form = page.locator(`form[action="${resident}/corrigeren"]`);
    await form.locator('#phone').fill('12');
    await form.locator('#reason').fill('');
    const refused = await submit(page, form);
    assert.equal(refused.status(), 422);
    await inspect(page, 'rights-rectify-refused');
    assert.equal(await form.locator('#phone').inputValue(), '12', 'keeps what was typed');
    await form.locator('#phone').fill('06-98765432');
    await form.locator('#reason').fill('Nieuw nummer doorgegeven door de inwoner');
    const saved = await submit(page, form);
    assert.equal(saved.status(), 303);
    await page.waitForLoadState('load');
    assert.match(await page.locator('#geschiedenis + ul').innerText(), /Nieuw nummer doorgegeven/);

    await switchLanguage(page, 'en', 'rights-english');
    await inspect(page, 'rights-resident-en');
    await visit(page, `${resident}/inzage`, 'rights-access-report-en');
    assert.match(await page.locator('main').innerText(), /Who read or changed this data/);
    await visit(page, `${resident}/corrigeren`, 'rights-rectify-en');
  });
});

test('a professional erases a resident on request and the dashboard\'s figures stay the same', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    // The figures until yesterday: the erasure changes nothing they count (today, a running
    // membership ends with the reason "data erased").
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const figures = async (label) => {
      await visit(page, `/meerwaarde?tot=${yesterday}`, label);
      return page.locator('main table').allInnerTexts();
    };
    const before = await figures('erase-dashboard-before');
    assert.ok(before.length > 0, 'the dashboard has figures');

    await visit(page, '/vragen?status=in_collective', 'erase-questions');
    const question = await firstLink(page, 'main table a[href^="/vragen/"]');
    await visit(page, question, 'erase-question');
    await page.locator('#bewoner').click();
    await page.waitForLoadState('load');
    const resident = new URL(page.url()).pathname;
    await page.locator('#wissen').click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /Wat verdwijnt[\s\S]*Wat blijft/);
    await inspect(page, 'erase-confirm');
    await page.setViewportSize(PHONE);
    await inspect(page, 'erase-confirm-390');
    const form = page.locator(`form[action="${resident}/wissen"]`);
    const refused = await submit(page, form);
    assert.equal(refused.status(), 422, 'the request is required');
    await inspect(page, 'erase-confirm-refused-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await inspect(page, 'erase-confirm-refused');
    await form.locator('#request').fill('Telefonisch verzoek van de inwoner');
    const erased = await submit(page, form);
    assert.equal(erased.status(), 303);
    await inspect(page, 'erase-resident-erased');
    const main = await page.locator('main').innerText();
    assert.match(main, /De persoonsgegevens zijn gewist op/);
    assert.match(main, /Op verzoek: Telefonisch verzoek van de inwoner/);
    assert.equal(await page.locator('#wissen').count(), 0, 'nothing left to erase');
    await visit(page, `${resident}/inzage`, 'erase-access-report');
    assert.match(await page.locator('main').innerText(), /Gegevens gewist/, 'the running membership ended as erased');

    assert.deepEqual(await figures('erase-dashboard-after'), before, 'the same figures');
  });
});
