// Browser test: residents' rights. A professional goes from a question to its resident in one
// click, opens the access report (nav hidden when printed), and corrects the resident's
// details (a refused form first, which keeps what was typed). Axe checks every page, in Dutch
// and English.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test rights.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, inspect, submit, switchLanguage, firstLink } from './support.mjs';

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
