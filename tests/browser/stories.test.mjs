// Browser tests for stories: the demo coordinator writes a story (a missing title first: 422
// and everything typed kept) with public consent, sees it on the district page, and withdraws
// the consent, after which it is gone from the district page at once. Every page is checked
// with axe-core (WCAG 2.1 A/AA).
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, inspect, visit, loginAs, submit } from './support.mjs';

useBrowser();

test('a coordinator writes a public story and withdrawing consent removes it from the district page', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/verhalen', 'stories-list-nl');
    await visit(page, '/verhalen/nieuw', 'stories-new-nl');
    const form = page.locator('form[action="/verhalen/nieuw"]');
    await form.locator('textarea[name="text"]').fill('Sinds de wandelgroep kom ik weer buiten, zegt Truus.');
    await form.locator('select[name="district"]').selectOption('WK999901');
    await form.locator('input[name="consent_person"]').fill('Truus Testverhaal');
    await form.locator('input[name="consent_scope"][value="public"]').check();
    const refused = await submit(page, form);
    assert.equal(refused.status(), 422, 'a story without a title');
    assert.equal(
      await page.locator('textarea[name="text"]').inputValue(),
      'Sinds de wandelgroep kom ik weer buiten, zegt Truus.',
    );
    assert.ok(await page.locator('input[name="consent_scope"][value="public"]').isChecked());
    await inspect(page, 'stories-new-refused-nl');
    await page.locator('input[name="title"]').fill('Met Truus op dinsdag de wijk in');
    assert.equal((await submit(page, page.locator('form[action="/verhalen/nieuw"]'))).status(), 303);
    await inspect(page, 'stories-detail-nl');
    const story = new URL(page.url()).pathname;

    await visit(page, '/wijk/WK999901', 'stories-district-page-nl');
    assert.ok((await page.content()).includes('Met Truus op dinsdag de wijk in'), 'on the district page');
    assert.ok(!(await page.content()).includes('Truus Testverhaal'), 'no names on the district page');

    await page.goto(new URL(story, page.url()).href, { waitUntil: 'load' });
    const withdraw = page.locator('form[action*="/intrekken"]').first();
    assert.equal((await submit(page, withdraw)).status(), 303, 'consent withdrawn');
    await inspect(page, 'stories-detail-withdrawn-nl');
    await visit(page, '/wijk/WK999901', 'stories-district-page-after-nl');
    assert.ok(!(await page.content()).includes('Met Truus op dinsdag de wijk in'), 'gone at once');
  });
});
