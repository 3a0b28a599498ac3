// Browser tests for staff on a phone: on a 390 px screen the professional's menu folds behind a
// "Menu" button (and stays open without its script), every checkbox and radio row of the intake
// form is a target of at least 44 × 44 px, and a resident's phone number is a tel: link. On a
// 1280 px screen the menu is shown as before, without the button.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test phone.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, at, withPage, inspect, visit, loginAs, PHONE } from './support.mjs';

useBrowser();

const menuButton = (page) => page.locator('header nav').getByRole('button', { name: 'Menu' });
const questionsLink = (page) => page.locator('header nav').getByRole('link', { name: 'Hulpvragen' });

/** Fail unless the element's box is at least 44 × 44 px. */
async function expectTarget(locator, label) {
  const box = await locator.boundingBox();
  assert.ok(box, `${label}: not shown`);
  assert.ok(box.height >= 44 && box.width >= 44, `${label}: ${box.width} × ${box.height} px, less than 44 × 44`);
}

test('on a phone the professional opens the menu with its button and reaches Hulpvragen', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'professional');
    const button = menuButton(page);
    assert.ok(await button.isVisible(), 'the menu button is shown on a phone');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.ok(!(await questionsLink(page).isVisible()), 'the menu is folded before the button is pressed');
    assert.ok(await page.locator('form[role="search"] input[type="search"]').isVisible(), 'the search box stays in view');
    await expectTarget(button, 'the menu button');

    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok(await questionsLink(page).isVisible(), 'the open menu shows Hulpvragen');
    await expectTarget(questionsLink(page), 'the Hulpvragen link');
    await inspect(page, 'phone-menu-open');

    await page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false', 'Escape folds the menu');
    await button.click();
    await questionsLink(page).click();
    await page.waitForURL(at('/vragen'));
    assert.ok(!(await questionsLink(page).isVisible()), 'the next page starts with the menu folded');
  });
});

test('without its script the menu stays open on a phone, and on a wide screen there is no button', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    // kring.js answered empty: the page as it is without JavaScript, while axe still runs.
    await page.route(/\/static\/kring\.js$/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    );
    await loginAs(page, 'professional');
    assert.ok(await questionsLink(page).isVisible(), 'without the script the menu is shown');
    assert.ok(!(await menuButton(page).isVisible()), 'without the script there is no button that does nothing');
  });
  await withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
    await loginAs(page, 'professional');
    assert.ok(await questionsLink(page).isVisible(), 'on a wide screen the menu is shown');
    assert.ok(!(await menuButton(page).isVisible()), 'on a wide screen the button is hidden');
  });
});

test('on a phone the intake form has 44 px targets and a resident phone number is a tel: link', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'professional');
    await visit(page, '/vragen/nieuw', 'phone-vragen-nieuw');

    const slots = page.locator('input[name="availability"]');
    assert.equal(await slots.count(), 21, 'seven days by three parts of the day');
    for (const id of await slots.evaluateAll((inputs) => inputs.map((i) => i.id))) {
      await expectTarget(page.locator(`label[for="${id}"]`), `availability ${id}`);
    }
    // A tap anywhere in the cell ticks the box.
    const cell = page.locator('label[for="slot-di-middag"]');
    await cell.scrollIntoViewIfNeeded();
    const box = await cell.boundingBox();
    await page.mouse.click(box.x + 4, box.y + 4);
    assert.ok(await page.locator('#slot-di-middag').isChecked(), 'a tap near the edge of the cell ticks the box');

    for (const selector of ['.utrecht-form-field--checkbox', '.utrecht-form-field--radio']) {
      const rows = page.locator(`main ${selector}`);
      assert.ok((await rows.count()) > 0, `the form has ${selector} rows`);
      for (let i = 0; i < (await rows.count()); i += 1) {
        await expectTarget(rows.nth(i).locator('label'), `${selector} row ${i + 1}`);
        const input = await rows.nth(i).locator('input').boundingBox();
        assert.ok(input.height >= 24 && input.width >= 24, `${selector} row ${i + 1}: the box is ${input.width} px`);
      }
    }

    // The first questions of the list: one of them has a phone number, shown as a tel: link.
    await page.goto(at('/vragen'), { waitUntil: 'load' });
    const questions = await page
      .locator('main a[href^="/vragen/"]')
      .evaluateAll((links) => links.map((a) => a.pathname).filter((href) => /^\/vragen\/\d+$/.test(href)).slice(0, 10));
    let tel = null;
    for (const path of questions) {
      await page.goto(at(path), { waitUntil: 'load' });
      const link = page.locator('main a[href^="tel:"]');
      if (await link.count()) {
        tel = { href: await link.first().getAttribute('href'), text: (await link.first().textContent()).trim() };
        await inspect(page, 'phone-vraag-tel');
        break;
      }
    }
    assert.ok(tel, `none of ${questions.join(', ')} shows a phone number as a tel: link`);
    assert.match(tel.href, /^tel:\+?\d+$/, 'only digits (and a leading +) in the link');
    assert.equal(tel.href, `tel:${tel.text.replace(/[^\d+]/g, '')}`, 'the link calls the number shown');
  });
});
