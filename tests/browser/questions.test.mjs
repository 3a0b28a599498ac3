// Browser tests for help questions: the resident's self-intake "Stel je vraag" (/vraag) in
// Dutch, English and Arabic (right to left) on a phone — a refused form keeps what was typed —
// and the professional's question list (the header's search box opens a question by its code
// typed in lower case, a list sorted on waiting time) and intake form, each page with zero
// axe-core violations of WCAG 2.1 A/AA and no sideways scrolling.
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
  demoCredentials,
  submitLogin,
  PHONE,
} from './support.mjs';

useBrowser();

/** Fail unless the refused form's error summary has the keyboard focus. */
async function expectSummaryFocused(page, label) {
  try {
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', null, { timeout: 5_000 });
  } catch {
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    assert.fail(`${label}: the error summary should have the focus, not ${focused}`);
  }
}

// ---------------------------------------------------------------- tests

const LANGUAGES = [
  { lang: 'nl', dir: null },
  { lang: 'en', dir: null },
  { lang: 'ar', dir: 'rtl' },
];

for (const { lang, dir } of LANGUAGES) {
  test(`a resident asks a question at /vraag in ${lang} on a phone and gets a reference code`, async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto(at(`/taal?lang=${lang}&terug=/vraag`), { waitUntil: 'load' });
      await expectLang(page, lang, `vraag-${lang}`);
      assert.equal(await page.locator('html').getAttribute('dir'), dir, `dir on /vraag in ${lang}`);
      await inspect(page, `vraag-${lang}`);

      // A form without consent is refused with 422 and keeps what was typed.
      const form = page.locator('form[action="/vraag"]');
      await form.locator('input[name="themes"]').first().check();
      await form.locator('textarea[name="text"]').fill(`Ik wil graag mensen ontmoeten (${lang}) <b>`);
      await form.locator('input[name="availability"]').first().check();
      await form.locator('input[name="postcode"]').fill('9901');
      await form.locator('input[name="phone"]').fill('0612345678');
      const [refused] = await Promise.all([
        page.waitForResponse((res) => res.request().method() === 'POST'),
        form.locator('button[type="submit"]').click(),
      ]);
      assert.equal(refused.status(), 422, `/vraag without consent in ${lang}`);
      await page.waitForLoadState('load');
      assert.equal(
        await page.locator('textarea[name="text"]').inputValue(),
        `Ik wil graag mensen ontmoeten (${lang}) <b>`,
        'the text is kept',
      );
      assert.equal(await page.locator('input[name="postcode"]').inputValue(), '9901');
      assert.equal(await page.locator('#consent[aria-invalid="true"]').count(), 1, 'consent marked invalid');
      await expectSummaryFocused(page, `vraag-${lang}-refused`);
      assert.deepEqual(
        await page.locator('#error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
        ['#consent'],
        'the summary links to the missing consent',
      );
      await inspect(page, `vraag-${lang}-refused`);

      // With consent given on the refused page, the question is sent and the resident gets a
      // reference code and what happens next.
      await page.locator('#consent').check();
      const [sent] = await Promise.all([
        page.waitForResponse((res) => res.request().method() === 'POST'),
        page.locator('form[action="/vraag"] button[type="submit"]').click(),
      ]);
      assert.equal(sent.status(), 303, `/vraag with consent in ${lang}`);
      await page.waitForURL(/\/vraag\/ontvangen\//);
      await expectLang(page, lang, `vraag-${lang}-ontvangen`);
      const code = (await page.locator('#reference-code').textContent()).trim();
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'a reference code is shown');
      // On a 390 px phone the code stays on one line (the alert's paragraphs share one content
      // box instead of each being a squeezed flex item).
      const lines = await page.locator('#reference-code').evaluate((el) => ({
        rects: el.getClientRects().length,
        height: el.getBoundingClientRect().height,
        lineHeight: parseFloat(getComputedStyle(el).lineHeight),
      }));
      assert.equal(lines.rects, 1, `the reference code is one line at 390 px in ${lang}: ${JSON.stringify(lines)}`);
      assert.ok(lines.height < 1.5 * lines.lineHeight, `the reference code is one line high in ${lang}: ${JSON.stringify(lines)}`);
      assert.equal((await page.locator('#resident-phone').textContent()).trim(), '14 099', 'the number to call');
      await inspect(page, `vraag-${lang}-ontvangen`);
    });
  });

  test(`the privacy page says who sees the data and for how long, in ${lang} on a phone`, async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto(at(`/taal?lang=${lang}&terug=/vraag`), { waitUntil: 'load' });
      await page.locator('a[href="/vraag/privacy"]').first().click();
      await page.waitForURL(/\/vraag\/privacy$/);
      await expectLang(page, lang, `vraag-privacy-${lang}`);
      assert.equal(await page.locator('html').getAttribute('dir'), dir, `dir on /vraag/privacy in ${lang}`);
      assert.match(await page.locator('main').textContent(), /24/, 'the retention period in months');
      assert.equal(await page.locator('main a[href="tel:14099"]').count(), 1, 'the number to call');
      await inspect(page, `vraag-privacy-${lang}`);
    });
  });
}

test('the professional sees the question list and uses the intake form, in Dutch and English', async () => {
  await withPage(async (page) => {
    const { email, password } = await demoCredentials(page, 'professional', 'questions-inloggen');
    const response = await submitLogin(page, email, password);
    assert.equal(response.status(), 303, 'logging in as professional');
    await page.waitForURL(at('/'));
    await visit(page, '/vragen', 'questions-list-nl');
    assert.ok((await page.locator('table tbody tr').count()) > 0, 'the demo questions are listed');
    const detail = await page.locator('table tbody tr a[href^="/vragen/"]').first().getAttribute('href');
    assert.ok(detail, 'a link to a question');
    // The header's search box: a reference code typed in lower case with a space opens it.
    const code = await page.locator(`table tbody tr a[href="${detail}"]`).first().innerText();
    const search = page.getByRole('search');
    await search.getByLabel('Zoeken').fill(code.toLowerCase().replace('-', ' '));
    await Promise.all([page.waitForURL(at(detail)), search.getByRole('button', { name: 'Zoeken' }).click()]);
    // Sorted on waiting time, longest first, with the sorted column marked.
    await visit(page, '/vragen?sort=waiting&order=desc', 'questions-list-sorted-nl');
    assert.equal(await page.locator('th[aria-sort="descending"]').count(), 1, 'one column says how it is sorted');
    await visit(page, detail, 'questions-detail-nl');
    // A second question for the same resident starts from the detail page.
    await page.locator('#new-for-resident').click();
    await page.waitForURL(/\/vragen\/nieuw\?inwoner=\d+$/);
    assert.equal(await page.locator('#known-resident').count(), 1, 'the known resident is shown, not asked again');
    await inspect(page, 'questions-intake-known-resident-nl');
    await visit(page, '/vragen/nieuw', 'questions-intake-nl');
    // An unknown postcode is refused and everything typed is kept.
    const form = page.locator('form:has(textarea[name="text"])');
    await form.locator('textarea[name="text"]').fill('Wil graag bewegen in een groep');
    await form.locator('input[name="postcode"]').fill('1011');
    await form.locator('input[name="themes"]').first().check();
    await form.locator('input[name="availability"]').first().check();
    const [refused] = await Promise.all([
      page.waitForResponse((res) => res.request().method() === 'POST'),
      form.locator('button[type="submit"]').click(),
    ]);
    assert.equal(refused.status(), 422, 'intake with an unknown postcode');
    await page.waitForLoadState('load');
    assert.equal(await page.locator('textarea[name="text"]').inputValue(), 'Wil graag bewegen in een groep');
    assert.equal(await page.locator('input[name="postcode"]').inputValue(), '1011');
    await expectSummaryFocused(page, 'questions-intake-refused-nl');
    await inspect(page, 'questions-intake-refused-nl');
    await switchLanguage(page, 'en', 'questions-en');
    await visit(page, '/vragen', 'questions-list-en');
    await visit(page, '/vragen/nieuw', 'questions-intake-en');
  });
});
