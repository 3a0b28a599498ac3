// Browser test for bundling: the demo professional runs bundling for Voorstad, reads the
// proposals (Dutch and English), tries a change that breaks the group-size rule (refused with
// the reason, nothing lost), founds a collective from a new group and finds it with its
// members. Every page is checked with axe-core.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, visit, inspect, loginAs, submit, switchLanguage, expectLang } from './support.mjs';

useBrowser();

test('a professional runs bundling, reads the proposals and founds a collective from one', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/bundelen', 'bundling-start-nl');
    const start = page.locator('form[action="/bundelen"]');
    const ticked = await start.locator('input[name="districts"]').evaluateAll((boxes) => boxes.map((b) => b.checked));
    assert.ok(ticked.length >= 2 && ticked.every(Boolean), 'every district of the professional is ticked');
    await start.locator('input[value="WK999902"]').uncheck();

    const started = await submit(page, start);
    assert.equal(started.status(), 303, 'the run starts');
    await page.waitForURL(/\/bundelen\/\d+$/);
    await inspect(page, 'bundling-run-nl');
    const groups = page.locator('section.kring-proposal');
    assert.ok((await groups.count()) > 0, 'proposals are shown');
    const firstGroup = groups.first();
    assert.ok((await firstGroup.locator('tbody tr').count()) >= 4, 'a new group has at least 4 members');
    // Why the group, said once: theme, moment, venue and the language it speaks, by label.
    assert.match(await firstGroup.locator('p').first().innerText(), /^\d+ vragen over .+; de groep spreekt .+\.$/);
    assert.match(await firstGroup.locator('h3').innerText(), / · voertaal /, 'the heading keeps theme and language apart');
    // The overview links to every group.
    const overview = page.locator('a[href^="#voorstel-"]');
    assert.equal(await overview.count(), await groups.count(), 'one overview line per proposal');
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /\b(offer|collective)-\d+\b|werk-en-meedoen|\bv\d+\b/, 'no engine ids or theme codes');
    assert.match(main, /hoogstens \d+ mogelijk|het meeste dat mogelijk is/, 'the run says how close it is to the best');

    await switchLanguage(page, 'en', 'bundling-run');
    await inspect(page, 'bundling-run-en');
    assert.match(await groups.first().locator('p').first().innerText(), /^\d+ questions about .+; the group speaks .+\.$/);
    await switchLanguage(page, 'nl', 'bundling-run');

    // Change a proposal: leaving one member is below the group size, so it is refused.
    const runUrl = page.url();
    const change = await page.locator('a[href$="/wijzigen"]').first().getAttribute('href');
    await visit(page, change, 'bundling-change-nl');
    const boxes = page.locator('input[name="lid"]');
    const count = await boxes.count();
    assert.ok(count >= 4, `members to change: ${count}`);
    for (let i = 1; i < count; i += 1) {
      await boxes.nth(i).uncheck();
    }
    const refused = await submit(page, page.locator(`form[action="${change}"]`));
    assert.equal(refused.status(), 422, 'one member is too few');
    await inspect(page, 'bundling-change-422-nl');
    assert.match(await page.locator('#members-error').innerText(), /Een groep heeft \d+ tot \d+ leden/);
    assert.equal(await page.locator('input[name="lid"]:checked').count(), 1, 'the unticked boxes stay unticked');
    await switchLanguage(page, 'en', 'bundling-change');
    await inspect(page, 'bundling-change-en');
    await page.goto(runUrl);
    await switchLanguage(page, 'nl', 'bundling-run');
    assert.equal(await page.locator('section.kring-proposal').first().locator('tbody tr').count(), count, 'nothing changed');

    const found = page.locator('a[href^="/collectieven/nieuw?voorstel="]').first();
    const members = await found.locator('xpath=ancestor::section[1]').locator('tbody tr').count();
    await found.click();
    await page.waitForLoadState('load');
    await expectLang(page, 'nl', 'bundling-found');
    await inspect(page, 'bundling-found-collective-nl');
    const form = page.locator('form[action="/collectieven/nieuw"]');
    await form.locator('#name').fill('De Doorzetters');
    await form.locator('input[name="colour"]').first().check();
    await form.locator('#purpose').fill('Samen in beweging, elke week op hetzelfde moment');
    const saved = await submit(page, form);
    assert.equal(saved.status(), 303, 'the collective is founded');
    await page.waitForURL(/\/collectieven\/\d+$/);
    await inspect(page, 'bundling-founded-collective-nl');
    const text = await page.locator('main').innerText();
    assert.match(text, /De Doorzetters/);
    assert.ok(members >= 4);
  });
});

test('a second run keeps the open proposals, says what changed since the last run and advises where one more slot helps', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'professional');
    const run = async () => {
      await visit(page, '/bundelen', 'bundling-start-nl');
      const start = page.locator('form[action="/bundelen"]');
      assert.equal(await start.locator('input[name="replan"]').isChecked(), false, 're-plan is off by default');
      await start.locator('input[value="WK999902"]').uncheck();
      const started = await submit(page, start);
      assert.equal(started.status(), 303, 'the run starts');
      await page.waitForURL(/\/bundelen\/\d+$/);
    };
    await run();
    const first = page.url();
    await run();
    assert.notEqual(page.url(), first, 'a new run');
    await inspect(page, 'bundling-rerun-nl');
    const main = await page.locator('main').innerText();
    assert.match(main, /hoogstens \d+ mogelijk|het meeste dat mogelijk is/, 'the bound');
    const since = page.locator('section[aria-labelledby="sinds"]');
    assert.match(await since.innerText(), /Sinds de vorige ronde/);
    assert.match(await since.innerText(), /Deze ronde vervangt \d+ open voorstel/);
    assert.match(await since.innerText(), /Gelijk gebleven: [1-9]\d*/, 'the open proposals were kept');
    const advice = page.locator('section[aria-labelledby="advies"] li');
    assert.ok((await advice.count()) > 0, 'advice for the run');
    const line = await advice.first().innerText();
    assert.match(line, /(ook open op|Een groep over) .+: plaatst \d+ vragen? meer\.$/, line);
    assert.doesNotMatch(line, /\bv\d+\b|\b(ma|di|wo|do|vr|za|zo)-(ochtend|middag|avond)\b/, 'venues and moments by name, never codes');

    await switchLanguage(page, 'en', 'bundling-run');
    await inspect(page, 'bundling-rerun-en');
    assert.match(await page.locator('section[aria-labelledby="sinds"]').innerText(), /Since the last run/);
    assert.match(await page.locator('section[aria-labelledby="advies"] li').first().innerText(), /would place \d+ more questions?\.$/);
    await switchLanguage(page, 'nl', 'bundling-run');

    // The replaced run says so.
    await page.goto(first);
    assert.match(await page.locator('main').innerText(), /vervangen door een nieuwere ronde/);
  });
});
