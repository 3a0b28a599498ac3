// Browser tests for signals: the demo partner records a signal (a missing field first: 422 and
// everything typed kept), sees it in their list with its status only; the demo professional
// finds it in the queue, picks it up, records contact, closes it as "became a question" and
// lands on the new question. Every page is checked with axe-core (WCAG 2.1 A/AA), in Dutch
// and one in English.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, at, withPage, inspect, visit, loginAs, submit, switchLanguage } from './support.mjs';

useBrowser();

test('a partner signals a concern and the district professional turns it into a question', async () => {
  let signalId;
  await withPage(async (page) => {
    await loginAs(page, 'partner');
    await visit(page, '/signalen', 'signals-partner-list-before');
    await visit(page, '/signalen/nieuw', 'signals-new-nl');
    const form = page.locator('form[action="/signalen/nieuw"]');
    await form.locator('input[name="postcode"]').fill('9901 AB');
    await form.locator('input[name="name"]').fill('Meneer Testsignaal <b>');
    await form.locator('input[name="categories"][value="terugtrekking"]').check();
    await form.locator('input[name="resident_informed"][value="yes"]').check();
    // What was noticed is missing: refused with 422, everything typed kept.
    const refused = await submit(page, form);
    assert.equal(refused.status(), 422, 'a signal without what was noticed');
    assert.equal(await page.locator('input[name="postcode"]').inputValue(), '9901 AB');
    assert.equal(await page.locator('input[name="name"]').inputValue(), 'Meneer Testsignaal <b>');
    assert.ok(await page.locator('input[name="categories"][value="terugtrekking"]').isChecked());
    assert.ok(await page.locator('input[name="resident_informed"][value="yes"]').isChecked());
    assert.equal(await page.locator('#description[aria-invalid="true"]').count(), 1);
    await inspect(page, 'signals-new-refused-nl');

    await page.locator('textarea[name="description"]').fill('Komt al weken niet meer naar de koffieochtend.');
    const sent = await submit(page, page.locator('form[action="/signalen/nieuw"]'));
    assert.equal(sent.status(), 303, 'the signal is sent');
    const url = new URL(page.url());
    assert.equal(url.pathname, '/signalen');
    signalId = url.searchParams.get('verstuurd');
    assert.ok(signalId, 'the list names the new signal');
    await inspect(page, 'signals-partner-list-nl');
    const row = page.locator(`tr:has(a[href="/signalen/${signalId}"])`);
    assert.equal(await row.count(), 1, 'the signal is in the sender’s list');
    assert.match(await row.textContent(), /Nieuw/);
    assert.ok(!(await page.content()).includes('Testsignaal'), 'the list shows no personal data');
    await visit(page, `/signalen/${signalId}`, 'signals-partner-status-nl');
    assert.ok(!(await page.content()).includes('Testsignaal'), 'the sender sees the status only');

    await switchLanguage(page, 'en', 'signals-partner-en');
    await visit(page, '/signalen/nieuw', 'signals-new-en');
  });

  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/signalen', 'signals-queue-nl');
    const link = page.locator(`a[href="/signalen/${signalId}"]`);
    assert.equal(await link.count(), 1, 'the new signal is in the queue');
    assert.ok((await page.locator('.kring-row-over-norm').count()) > 0, 'the demo has signals over the norm');
    await visit(page, `/signalen/${signalId}`, 'signals-detail-new-nl');
    assert.ok((await page.content()).includes('Meneer Testsignaal &lt;b&gt;'), 'the professional sees the name, escaped');

    const step = (status) => page.locator(`form:has(input[name="status"][value="${status}"])`);
    assert.equal((await submit(page, step('picked_up'))).status(), 303, 'picked up');
    await inspect(page, 'signals-detail-picked-up-nl');
    await step('contact_made').locator('textarea[name="note"]').fill('Gebeld; hij wil graag langskomen.');
    assert.equal((await submit(page, step('contact_made'))).status(), 303, 'contact made');
    await inspect(page, 'signals-detail-contact-nl');

    // "Make a question" opens the intake form filled from the signal.
    await visit(page, `/vragen/nieuw?signaal=${signalId}`, 'signals-question-form-nl');
    const form = page.locator('form:has(input[name="signal_id"])');
    assert.ok(await form.locator('input[name="themes"][value="eenzaamheid"]').isChecked(), 'the suggested theme is ticked');
    assert.equal(await form.locator('input[name="availability"]:checked').count(), 0, 'no part of the week assumed');
    await form.locator('#slot-do-middag').check();
    await form.locator('#languages').check();
    assert.equal((await submit(page, form)).status(), 303, 'saved: the signal closed as a question');
    const landed = new URL(page.url());
    assert.match(landed.pathname, /^\/vragen\/\d+$/, 'lands on the new question');
    assert.ok((await page.content()).includes('Uit signaal'), 'the question came from the signal');
    await inspect(page, 'signals-question-nl');
    await visit(page, `/signalen/${signalId}`, 'signals-detail-closed-nl');
  });

  await withPage(async (page) => {
    await loginAs(page, 'partner');
    await page.goto(at('/signalen'), { waitUntil: 'load' });
    const row = page.locator(`tr:has(a[href="/signalen/${signalId}"])`);
    assert.match(await row.textContent(), /Afgesloten/, 'the sender sees it closed');
  });
});
