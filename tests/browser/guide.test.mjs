// Browser tests for a volunteer guide with a `guide` account, on a phone: the start page with
// their collective's sessions, attendance with a mistake (what was ticked survives the 422),
// the members' first names with phone numbers as tel: links, and a help request; nothing of
// the residents' records in reach. And a professional adds and removes a guide on the
// collective's page. Axe runs on every page (`visit`/`inspect`), in Dutch and English.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test guide.test.mjs

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
  submit,
  PHONE,
} from './support.mjs';

useBrowser();

test('a volunteer guide runs their collective on a phone: attendance with a mistake, members to call, a help request', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'guide');
    await inspect(page, 'guide-home-phone-nl');
    const nav = await navigationPaths(page);
    assert.ok(nav.includes('/mijn-collectieven'), `the guide's navigation: ${nav}`);
    for (const hidden of ['/vragen', '/wijken', '/bundelen', '/meerwaarde']) {
      assert.ok(!nav.includes(hidden), `a guide has no ${hidden}: ${nav}`);
    }
    const refused = await page.goto(at('/vragen'), { waitUntil: 'load' });
    assert.equal(refused.status(), 403, 'the question list is not for a guide');

    await visit(page, '/mijn-collectieven', 'guide-mine-phone-nl');
    const collective = await firstLink(page, 'main a[href^="/collectieven/"]:not([href*="/bijeenkomsten/"]):not([href$="/hulp"])');
    const session = await firstLink(page, 'main a[href*="/bijeenkomsten/"]');
    await visit(page, session, 'guide-attendance-phone-nl');
    if ((await page.locator('main form.kring-attendance').count()) > 0) {
      const first = page.locator('main input[name="present"]').first();
      const wanted = !(await first.isChecked());
      await first.setChecked(wanted);
      // A mistake: a negative number of guests.
      await page.locator('#guests').fill('-2');
      let response = await submit(page, page.locator('main form.kring-attendance'));
      assert.equal(response.status(), 422, 'a negative guest count is refused');
      await inspect(page, 'guide-attendance-422-phone-nl');
      assert.equal(await page.locator('main input[name="present"]').first().isChecked(), wanted, 'the tick survives the error');
      assert.equal(await page.locator('#guests').inputValue(), '-2', 'what was typed is shown');
      await page.locator('#guests').fill('1');
      response = await submit(page, page.locator('main form.kring-attendance'));
      assert.equal(response.status(), 303, 'saved once corrected');
      assert.equal(await page.locator('main input[name="present"]').first().isChecked(), wanted, 'the tick is stored');
    } else {
      assert.ok(await page.locator('main').getByText(/nog niet geweest/).count(), 'explains why no checklist');
    }

    // The collective's page: members' first names with tel: links, no editing, no resident records.
    await visit(page, collective, 'guide-collective-phone-nl');
    const contacts = page.locator('section[aria-labelledby="contacts-title"]');
    assert.equal(await contacts.count(), 1, 'the members to call');
    assert.ok(await contacts.locator('a[href^="tel:"]').count() > 0, 'phone numbers are tel: links');
    assert.equal(await page.locator(`main a[href="${collective}/bewerken"]`).count(), 0, 'no edit link for a guide');
    assert.equal(await page.locator('main a[href^="/vragen/"]').count(), 0, 'no link to a question');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);

    // A help request on the board.
    const board = `${collective}/hulp`;
    await visit(page, board, 'guide-help-board-phone-nl');
    const form = page.locator(`main form[action="${board}"]`);
    await form.locator('#requester').selectOption({ index: 1 });
    await form.locator('#kind').selectOption('vervoer');
    await form.locator('#what').fill('Een lift naar de huisarts');
    const response = await submit(page, form);
    assert.equal(response.status(), 303, 'posting the request redirects to it');
    await inspect(page, 'guide-help-request-phone-nl');
    await switchLanguage(page, 'en', 'guide help request');
    await expectLang(page, 'en', 'guide help request');
    await inspect(page, 'guide-help-request-phone-en');
  });
});

test('a professional adds a partner as a guide on the collective page and takes them off again', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/mijn-collectieven', 'guides-mine-nl');
    const collective = await firstLink(page, 'main a[href^="/collectieven/"]:not([href*="/bijeenkomsten/"]):not([href$="/hulp"])');
    await visit(page, collective, 'guides-collective-nl');
    const section = page.locator('section[aria-labelledby="guides-title"]');
    assert.equal(await section.count(), 1, 'the guides can be changed here');
    const choice = section.locator('#account_id');
    const partner = await choice.locator('option', { hasText: 'Petra Enkhuis' }).getAttribute('value');
    assert.ok(partner, 'the partner organisation\'s staff member can be a guide');
    await choice.selectOption(partner);
    let response = await submit(page, section.locator(`form[action="${collective}/begeleiders"]`));
    assert.equal(response.status(), 303, 'added');
    await inspect(page, 'guides-added-nl');
    const remove = page.locator(`form[action="${collective}/begeleiders/${partner}/weg"]`);
    assert.equal(await remove.count(), 1, 'the new guide can be taken off');
    response = await submit(page, remove);
    assert.equal(response.status(), 303, 'removed');
    assert.equal(await page.locator(`form[action="${collective}/begeleiders/${partner}/weg"]`).count(), 0);
  });
});
