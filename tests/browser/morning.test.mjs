// A professional's morning on the demo, start to end, as one story: the home page's work
// queue, a question found by its reference code typed in lower case with a space, taken on,
// a call logged (first with a mistake: what was typed survives), bundling run, a group read
// and accepted. Then the afternoon of a volunteer guide on a phone: today's session, the
// attendance, the help board with first names only. Axe runs on every page, in Dutch and
// English. Its viewport screenshots are the ones README's walk-through shows: they go to
// screenshots/walkthrough/, or to KRING_WALKTHROUGH_DIR when set (docs/walkthrough/ renews
// README's).
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test morning.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  useBrowser,
  at,
  withPage,
  inspect,
  visit,
  loginAs,
  submit,
  switchLanguage,
  firstLink,
  PHONE,
} from './support.mjs';

useBrowser();

const WALKTHROUGH = `${process.env.KRING_WALKTHROUGH_DIR || fileURLToPath(new URL('./screenshots/walkthrough/', import.meta.url))}/`;
mkdirSync(WALKTHROUGH, { recursive: true });

/** The viewport-sized screenshot README shows, next to the full-page one `inspect` takes. */
async function walkthrough(page, name) {
  await page.screenshot({ path: `${WALKTHROUGH}${name}.png`, fullPage: false });
}

test("a professional's morning: queue, search by code, take it on, log a call, bundle, accept a group", async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await inspect(page, 'morning-home-nl');
    await walkthrough(page, 'professional-1-home');

    // The work queue: blocks with a count, each linking to the list it counts.
    const blocks = page.locator('main .kring-queue__item');
    assert.ok((await blocks.count()) >= 4, 'the professional has at least four queue blocks');
    for (const id of ['unassigned', 'promises-due', 'signals-over-norm', 'stale-proposals']) {
      const block = page.locator(`#queue-${id} a`);
      assert.equal(await block.count(), 1, `the ${id} block`);
      assert.match(await block.innerText(), /^\d+\s+\S/, `the ${id} block starts with its count`);
    }
    const unassigned = page.locator('#queue-unassigned a');
    const waiting = Number((await unassigned.locator('.kring-queue__count').innerText()).trim());
    assert.ok(waiting > 0, 'the demo has new questions without an owner');
    await unassigned.click();
    await page.waitForLoadState('load');
    await inspect(page, 'morning-unassigned-nl');
    assert.match(page.url(), /\/vragen\?/, 'the block opens the filtered list');
    const code = (await page.locator('main table a.kring-code').first().innerText()).trim();
    assert.match(code, /^[A-Z0-9]{3,5}-[A-Z0-9]{3,5}$/, `a reference code: ${code}`);

    // The code, typed as a resident reads it over the phone: lower case, a space.
    await visit(page, '/', 'morning-home-again-nl');
    await page.locator('#kring-zoeken').fill(`  ${code.toLowerCase().replace('-', ' ')} `);
    await Promise.all([page.waitForURL(/\/vragen\/\d+$/), page.locator('form[role="search"] button').click()]);
    await page.waitForLoadState('load');
    await inspect(page, 'morning-question-nl');
    assert.match(await page.locator('main').innerText(), new RegExp(code), 'straight to the question');
    const question = new URL(page.url()).pathname;

    // Take it on.
    assert.equal(await page.locator('#take-it').count(), 1, 'nobody owns it yet');
    let response = await submit(page, page.locator('form:has(#take-it)'));
    assert.equal(response.status(), 303, 'taken on');
    const me = (await page.locator('header').innerText()).includes('Wijkteam') ? 'Wijkteam' : '';
    assert.notEqual((await page.locator('#owner').innerText()).trim(), 'Nog niemand', 'it has an owner now');
    if (me) assert.match(await page.locator('#owner').innerText(), new RegExp(me));
    assert.equal(await page.locator('#take-it').count(), 0, 'no "take it" for its own owner');

    // Log the call, first dated tomorrow by mistake: refused, what was typed and ticked stays.
    const contact = page.locator(`form[action="${question}/contact"]`);
    await contact.locator('#kind').check();
    await contact.locator('#reached').check();
    const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
    await contact.locator('#contacted_on').fill(tomorrow);
    await contact.locator('#note').fill('Gebeld; wil graag meedoen met een groep op dinsdag.');
    response = await submit(page, contact);
    assert.equal(response.status(), 422, 'a contact in the future is refused');
    await inspect(page, 'morning-contact-422-nl');
    await walkthrough(page, 'professional-3-contact-error');
    assert.ok(await page.locator('#contacted_on-error').isVisible(), 'the date says what is wrong');
    assert.equal(await page.locator('#note').inputValue(), 'Gebeld; wil graag meedoen met een groep op dinsdag.');
    assert.ok(await page.locator('#kind').isChecked(), 'the kind stays ticked');
    assert.ok(await page.locator('#reached').isChecked(), 'reached stays ticked');
    await page.locator('#contacted_on').fill(new Date().toISOString().slice(0, 10));
    response = await submit(page, page.locator(`form[action="${question}/contact"]`));
    assert.equal(response.status(), 303, 'the contact is logged');
    await inspect(page, 'morning-contact-logged-nl');
    await walkthrough(page, 'professional-2-question');
    assert.match(await page.locator('#promise').innerText(), /gehouden|op tijd|nagekomen/i, 'the promise is kept');
    await switchLanguage(page, 'en', 'morning question');
    await inspect(page, 'morning-question-en');
    assert.match(await page.locator('#promise').innerText(), /kept|in time/i);
    await switchLanguage(page, 'nl', 'morning question');

    // Bundle the professional's districts; read a group; accept it.
    await visit(page, '/bundelen', 'morning-bundling-start-nl');
    response = await submit(page, page.locator('form[action="/bundelen"]'));
    assert.equal(response.status(), 303, 'the run starts');
    await page.waitForURL(/\/bundelen\/\d+$/);
    await inspect(page, 'morning-bundling-run-nl');
    await walkthrough(page, 'professional-4-bundling');
    const overview = page.locator('main a[href^="#voorstel-"]');
    assert.ok((await overview.count()) > 0, 'the run proposes groups');
    // Prefer a group that joins a running collective or offer: one click accepts it.
    const accepts = page.locator('section.kring-proposal:has(form[action$="/aannemen"])');
    const group = (await accepts.count()) > 0 ? accepts.first() : page.locator('section.kring-proposal').first();
    const anchor = await group.getAttribute('id');
    await page.locator(`main a[href="#${anchor}"]`).click();
    assert.ok(page.url().endsWith(`#${anchor}`), 'the overview links to the group');
    const explanation = await group.locator('p').first().innerText();
    assert.doesNotMatch(explanation, /\b(offer|collective)-\d+\b|werk-en-meedoen/, 'labels, not codes');
    if ((await accepts.count()) > 0) {
      response = await submit(page, group.locator('form[action$="/aannemen"]'));
      assert.equal(response.status(), 303, 'accepted');
      await inspect(page, 'morning-bundling-accepted-nl');
      assert.match(await page.locator(`#${anchor}`).innerText(), /aangenomen/i, "the group says it was accepted");
    } else {
      await group.locator('a[href^="/collectieven/nieuw?voorstel="]').click();
      await page.waitForLoadState('load');
      const form = page.locator('form[action="/collectieven/nieuw"]');
      await form.locator('#name').fill('De Ochtendploeg');
      await form.locator('input[name="colour"]').first().check();
      await form.locator('#purpose').fill('Samen op pad, elke week');
      response = await submit(page, form);
      assert.equal(response.status(), 303, 'the collective is founded');
      await inspect(page, 'morning-bundling-accepted-nl');
    }
  });
});

test("a volunteer guide's afternoon on a phone: today's session, attendance, first names on the help board", async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'guide');
    await inspect(page, 'afternoon-guide-home-phone-nl');
    await walkthrough(page, 'guide-1-home');
    await visit(page, '/mijn-collectieven', 'afternoon-guide-mine-phone-nl');
    const session = await firstLink(page, 'main a[href*="/bijeenkomsten/"]');
    await visit(page, session, 'afternoon-guide-attendance-phone-nl');
    await walkthrough(page, 'guide-2-attendance');
    const names = await page.locator('main label[for^="present-"]').allInnerTexts();
    for (const name of names) {
      assert.doesNotMatch(name.replace(/\s*\(.*\)$/, ''), /\s/, `a guide reads first names only: "${name}"`);
    }
    const board = `${session.replace(/\/bijeenkomsten\/\d+$/, '')}/hulp`;
    await visit(page, board, 'afternoon-guide-help-board-phone-nl');
    await walkthrough(page, 'guide-3-help-board');
    const options = await page.locator('#requester option').allInnerTexts();
    assert.ok(options.length > 1, 'members to ask for');
    for (const name of options.slice(1)) {
      assert.doesNotMatch(name.replace(/\s*\(.*\)$/, ''), /\s/, `first names on the board: "${name}"`);
    }
    await switchLanguage(page, 'en', 'afternoon help board');
    await inspect(page, 'afternoon-guide-help-board-phone-en');
    assert.equal((await page.goto(at('/vragen'))).status(), 403, 'never the question list');
  });
});

// The other roles' first look, for README's walk-through: the home page's queue and the page
// each role works in most.
const FIRST_LOOK = {
  coordinator: '/netwerk',
  partner: '/signalen',
  admin: '/beheer/accounts',
  analyst: '/meerwaarde',
};
for (const [role, workPage] of Object.entries(FIRST_LOOK)) {
  test(`the ${role}'s first look: the home page and ${workPage}`, async () => {
    await withPage(async (page) => {
      await loginAs(page, role);
      await inspect(page, `first-look-${role}-home-nl`);
      await walkthrough(page, `${role}-1-home`);
      await visit(page, workPage, `first-look-${role}-work-nl`);
      await walkthrough(page, `${role}-2-work`);
    });
  });
}
