// Browser tests for collectives: the demo professional runs today's session on a phone (the
// guide's start page, the attendance checklist, save, and the marks kept), posts and assigns a
// help request on the help board and adds a measurement on a phone, and the collectives
// list, a collective's page, the form and the public card pass axe (WCAG 2.1 A/AA) in Dutch
// and English; an English form says its refusals in English.
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
  submit,
  PHONE,
} from './support.mjs';

useBrowser();

test('a guide checks attendance of the next session on a phone and it is kept', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'professional');
    const nav = await navigationPaths(page);
    assert.ok(nav.includes('/mijn-collectieven'), `the professional's navigation links to /mijn-collectieven: ${nav}`);
    await visit(page, '/mijn-collectieven', 'collectives-mine-phone-nl');
    // Today's session when there is one (the demo puts one on the day it was loaded), else the next.
    const session = await firstLink(page, 'main a[href*="/bijeenkomsten/"]');
    await visit(page, session, 'collectives-attendance-phone-nl');
    const boxes = page.locator('main input[name="present"]');
    if ((await page.locator('main form.kring-attendance').count()) === 0) {
      // The next session is on a later day: the page says so and offers no form.
      assert.ok(await page.locator('main').getByText(/nog niet geweest/).count(), 'explains why no checklist');
      return;
    }
    const count = await boxes.count();
    assert.ok(count >= 2, `members to check: ${count}`);
    // Big enough for a thumb.
    const box = await boxes.first().boundingBox();
    assert.ok(box && box.width >= 24 && box.height >= 24, `check box size ${JSON.stringify(box)}`);
    // No horizontal scrolling at 390 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
    const first = boxes.nth(0);
    const second = boxes.nth(1);
    const wanted = [!(await first.isChecked()), !(await second.isChecked())];
    await first.setChecked(wanted[0]);
    await second.setChecked(wanted[1]);
    const guests = page.locator('#guests');
    const before = Number(await guests.inputValue());
    await guests.fill(String(before + 2));
    await page.locator('#note').fill('Twee nieuwe gezichten <b>welkom</b>');
    const response = await submit(page, page.locator('main form.kring-attendance'));
    assert.equal(response.status(), 303, 'saving attendance redirects');
    await expectLang(page, 'nl', 'attendance saved');
    assert.ok(page.url().includes('opgeslagen=ja'), page.url());
    await inspect(page, 'collectives-attendance-saved-phone-nl');
    assert.equal(await page.locator('main input[name="present"]').nth(0).isChecked(), wanted[0]);
    assert.equal(await page.locator('main input[name="present"]').nth(1).isChecked(), wanted[1]);
    assert.equal(await page.locator('#guests').inputValue(), String(before + 2));
    assert.equal(await page.locator('#note').inputValue(), 'Twee nieuwe gezichten <b>welkom</b>');
    // Reloading shows the same: it was stored, not just echoed.
    await page.goto(at(session));
    assert.equal(await page.locator('main input[name="present"]').nth(0).isChecked(), wanted[0]);
  });
});

test('a guide posts a help request on a phone, gives it to the first suggested member and marks it done', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/mijn-collectieven', 'collectives-mine-help-phone-nl');
    const board = await firstLink(page, 'main a[href$="/hulp"]');
    await visit(page, board, 'help-board-phone-nl');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the help board scrolls sideways by ${overflow}px`);
    const form = page.locator(`main form[action="${board}"]`);
    await form.locator('#requester').selectOption({ index: 1 });
    await form.locator('#kind').selectOption('boodschappen');
    // A mistake first: nothing typed for what is needed.
    await form.locator('#duration_minutes').fill('45');
    let response = await submit(page, form);
    assert.equal(response.status(), 422, 'an empty description is refused');
    await inspect(page, 'help-board-422-phone-nl');
    assert.equal(await page.locator('#what').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#kind').inputValue(), 'boodschappen', 'the kind is kept');
    assert.equal(await page.locator('#duration_minutes').inputValue(), '45', 'the duration is kept');
    await page.locator('#what').fill('Boodschappen voor het weekend <b>graag</b>');
    response = await submit(page, page.locator(`main form[action="${board}"]`));
    assert.equal(response.status(), 303, 'posting the request redirects to it');
    await inspect(page, 'help-request-phone-nl');
    assert.ok(await page.locator('h1').getByText('Boodschappen voor het weekend <b>graag</b>').count(), 'the request, escaped');
    const assign = page.locator('main form[action$="/toewijzen"]').first();
    assert.ok(await assign.count(), 'at least one member to ask');
    const helper = await assign.locator('strong').innerText();
    const button = await assign.locator('button').boundingBox();
    assert.ok(button && button.height >= 24, `the assign button is big enough: ${JSON.stringify(button)}`);
    response = await submit(page, assign);
    assert.equal(response.status(), 303);
    await inspect(page, 'help-request-assigned-phone-nl');
    assert.ok(await page.locator('main dl').getByText(helper).count(), `${helper} is the helper`);
    response = await submit(page, page.locator('main form[action$="/gedaan"]'));
    assert.equal(response.status(), 303, 'done redirects to the board');
    await inspect(page, 'help-board-after-phone-nl');
    assert.ok(await page.locator('main ul li').getByText('Boodschappen voor het weekend <b>graag</b>').count(), 'listed as finished');
    await switchLanguage(page, 'en', 'help board');
    await inspect(page, 'help-board-phone-en');
    await expectLang(page, 'en', 'help board');
  });
});

test('a guide adds a measurement to a goal on a phone', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/collectieven?status=active', 'collectives-active-phone-nl');
    const links = await page.locator('main table a[href^="/collectieven/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    let goals = null;
    for (const link of links) {
      await page.goto(at(`${link}/doelen`));
      if (await page.locator('main form[action$="/metingen"]').count()) {
        goals = `${link}/doelen`;
        break;
      }
    }
    assert.ok(goals, 'an active demo collective has a goal');
    await visit(page, goals, 'collective-goals-phone-nl');
    const form = page.locator('main form[action$="/metingen"]').first();
    const value = form.locator('input[name="value"]');
    await value.fill('5');
    const response = await submit(page, form);
    assert.equal(response.status(), 303, 'the measurement is saved');
    await inspect(page, 'collective-goals-measured-phone-nl');
  });
});

test('the collectives pages pass axe in Dutch and English', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/collectieven', 'collectives-list-nl');
    await visit(page, '/collectieven?status=active&vrij=ja', 'collectives-list-filtered-nl');
    const collective = await firstLink(page, 'main table a[href^="/collectieven/"]');
    await visit(page, collective, 'collective-nl');
    assert.ok(await page.locator('#leden').count(), 'the professional sees the members');
    await visit(page, `${collective}/bewerken`, 'collective-edit-nl');
    await visit(page, `${collective}/doelen`, 'collective-goals-nl');
    await visit(page, '/collectieven/nieuw', 'collective-new-nl');
    const leave = await firstLink(page, 'main a[href$="/vertrek"]').catch(() => null);
    if (leave) {
      await visit(page, leave, 'collective-leave-nl');
    }
    await page.goto(at('/collectieven'));
    await switchLanguage(page, 'en', 'collectives list');
    await inspect(page, 'collectives-list-en');
    for (const [path, label] of [[collective, 'collective-en'], [`${collective}/doelen`, 'collective-goals-en'], ['/collectieven/nieuw', 'collective-new-en'], ['/mijn-collectieven', 'collectives-mine-en']]) {
      await visit(page, path, label);
      await expectLang(page, 'en', label);
    }
  });
});

test('the form answers a mistake with 422 and keeps what was typed', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/collectieven/nieuw', 'collective-form-nl');
    const form = page.locator('main form[action="/collectieven/nieuw"]');
    await form.locator('#name').fill('De <i>Vlinders</i>');
    await form.locator('#capacity').fill('0');
    const response = await submit(page, form);
    assert.equal(response.status(), 422);
    await inspect(page, 'collective-form-422-nl');
    assert.equal(await page.locator('#name').inputValue(), 'De <i>Vlinders</i>');
    assert.equal(await page.locator('#capacity').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('#capacity-error').count());
  });
});

test('an English form says every refusal in English', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await page.goto(at('/collectieven/nieuw'));
    await switchLanguage(page, 'en', 'collective form');
    const form = page.locator('main form[action="/collectieven/nieuw"]');
    await form.locator('#name').fill('The Butterflies');
    await form.locator('#capacity').fill('0');
    await form.locator('#first_date').fill('');
    const response = await submit(page, form);
    assert.equal(response.status(), 422);
    await inspect(page, 'collective-form-422-en');
    assert.equal((await page.locator('#capacity-error').innerText()).trim(), 'Choose a number from 1 to 500.');
    const refusals = (await page.locator('main .utrecht-form-field-error-message').allInnerTexts()).join('\n');
    assert.ok(refusals.length > 0, 'the refusals are shown');
    for (const dutch of [/\bkies\b/i, /\bvul\b/i, /\been\b/i, /\bniet\b/i, /\bde\b/i]) {
      assert.doesNotMatch(refusals, dutch, refusals);
    }
  });
});

test('coordinators see the list without members, and the public card shows no member data', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/collectieven', 'collectives-list-coordinator-nl');
    const collective = await firstLink(page, 'main table a[href^="/collectieven/"]');
    await visit(page, collective, 'collective-coordinator-nl');
    assert.equal(await page.locator('#leden').count(), 0, 'no member list for a coordinator');
  });
  for (const lang of ['nl', 'en']) {
    await withPage({ lang }, async (page) => {
      await visit(page, '/wijk/WK999901', `public-collectives-${lang}`);
      assert.ok(await page.locator('#collectieven-titel').count(), 'the collectives section');
      assert.ok(await page.locator('article.kring-public-collective').count() >= 1, 'an active collective');
    });
  }
});

test('a guide adds a measurement on a phone and sees the chart and progress', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/collectieven', 'collectives-list-phone-nl');
    await page.goto(at('/collectieven'));
    const luipaard = await page.locator('main table a', { hasText: 'De Luipaard' }).getAttribute('href');
    await visit(page, `${luipaard}/doelen`, 'collective-goals-phone-nl');
    const goal = page.locator('main section.kring-card').first();
    assert.ok(await goal.locator('svg.kring-chart polyline').count(), 'a chart');
    const rows = await goal.locator('tbody tr').count();
    await goal.locator('input[name="value"]').fill('6');
    const response = await submit(page, goal.locator('form'));
    assert.equal(response.status(), 303);
    await inspect(page, 'collective-goals-measured-phone-nl');
    assert.equal(await page.locator('main section.kring-card').first().locator('tbody tr').count(), rows + 1);
  });
});
