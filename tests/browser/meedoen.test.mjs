// Meedoen end to end: a resident on a phone offers help at /meedoen in Arabic (refused first
// without a way to contact, keeping what was typed), also in Dutch and English; the coordinator
// sees the offer next to the open roles and connects it to the suggested role; the guide of
// the collective records the volunteer's hours; the value dashboard shows volunteer hours.
// Every page is screenshot, axe-checked and reflow-checked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, withPage, at, visit, inspect, expectLang, loginAs, submit, PHONE,
} from './support.mjs';

useBrowser();

const NAME = 'Rania';

async function offerHelp(page, lang, firstName) {
  await page.goto(at(`/taal?lang=${lang}&terug=/meedoen`), { waitUntil: 'load' });
  await expectLang(page, lang, `meedoen-${lang}`);
  await inspect(page, `meedoen-${lang}`);
  const form = page.locator('form[action="/meedoen"]');
  await form.locator('#slot-wo-middag').check();
  await form.locator('#skill-driving').check();
  await form.locator('textarea[name="note"]').fill('Ik heb een auto');
  await form.locator('input[name="first_name"]').fill(firstName);
  await form.locator('input[name="postcode"]').fill('9901 AB');
  await form.locator('#consent').check();
  // No phone and no e-mail: refused with a clear message, everything kept.
  const refused = await submit(page, form);
  assert.equal(refused.status(), 422, `/meedoen without contact in ${lang}`);
  assert.equal(await page.locator('input[name="first_name"]').inputValue(), firstName);
  assert.ok(await page.locator('#slot-wo-middag').isChecked(), 'the moment stays ticked');
  assert.ok(await page.locator('#skill-driving').isChecked(), 'the skill stays ticked');
  assert.ok(await page.locator('#consent').isChecked(), 'the consent stays ticked');
  assert.deepEqual(
    await page.locator('#error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['#phone'],
    'the summary names the missing contact',
  );
  await inspect(page, `meedoen-${lang}-refused`);
  await page.locator('input[name="phone"]').fill('06 9876 5432');
  const sent = await submit(page, page.locator('form[action="/meedoen"]'));
  assert.ok(sent.status() === 303 || sent.status() === 200, `/meedoen sent in ${lang}: ${sent.status()}`);
  // The thank-you page carries the postcode area along for the social map's link.
  await page.waitForURL((url) => url.pathname === '/meedoen/bedankt');
  await expectLang(page, lang, `meedoen-${lang}-thanks`);
  await inspect(page, `meedoen-${lang}-thanks`);
}

test('a resident on a phone offers help at /meedoen in Arabic, right to left', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await offerHelp(page, 'ar', NAME);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  });
});

for (const lang of ['nl', 'en']) {
  test(`the /meedoen form in ${lang} on a phone`, async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await offerHelp(page, lang, `Test${lang}`);
    });
  });
}

test('the coordinator connects the offer to a role, the guide records hours, the dashboard counts them', async () => {
  let rolesPath;
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/netwerk/meedoen', 'meedoen-coordinator');
    const row = page.locator('tr.kring-suggestion', { hasText: NAME }).filter({ hasText: 'Chauffeur' });
    assert.ok(await row.count() >= 1, `${NAME} is suggested as the walking group's driver`);
    await submit(page, row.first().locator('form'));
    await page.waitForURL(/\/netwerk\/meedoen\/koppelingen\/\d+$/);
    await inspect(page, 'meedoen-match-proposed');
    const form = page.locator('form[action$="/koppelingen/' + page.url().split('/').pop() + '"]');
    await form.locator('#step-connected').check();
    await form.locator('textarea[name="note"]').fill('Gebeld, rijdt woensdag mee');
    await submit(page, form);
    assert.match(await page.locator('#match-status').textContent(), /gekoppeld/);
    await inspect(page, 'meedoen-match-connected');
    rolesPath = new URL(await page.locator('dd a[href$="/vrijwilligers"]').first().getAttribute('href'), page.url()).pathname;
    assert.match(rolesPath, /^\/collectieven\/\d+\/vrijwilligers$/);
  });
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/netwerk/meedoen', 'meedoen-coordinator-phone');
  });
  await withPage(async (page) => {
    await loginAs(page, 'guide');
    await visit(page, rolesPath, 'meedoen-guide-roles');
    const item = page.locator('li', { hasText: NAME }).filter({ has: page.locator('form') });
    await item.locator('input[name="hours"]').fill('4,5');
    await submit(page, item.locator('form'));
    await page.waitForURL(at(rolesPath));
    assert.match(await page.locator('li', { hasText: NAME }).first().textContent(), /4,5/);
    await inspect(page, 'meedoen-guide-hours');
  });
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/meerwaarde', 'meedoen-dashboard');
    const hours = (await page.locator('#volunteer-hours').first().textContent()).trim();
    assert.ok(/^\d+(,\d)?$/.test(hours) && hours !== '0,0', `volunteer hours on the dashboard: ${hours}`);
  });
});
