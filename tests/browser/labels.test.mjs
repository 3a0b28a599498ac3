// Browser test: people read labels, never codes. For the professional, the coordinator, the
// partner, the guide and the public district pages, every page in the navigation and the first record each
// lists is opened, and the visible text of <main> must not show
//   * a theme code where its label differs: a code with a hyphen (`werk-en-meedoen`) as a whole
//     word anywhere, since no label or sentence spells it so; a one-word code (`geldzaken`) is
//     also a Dutch word a sentence may use, so it counts only where a cell holds nothing else;
//   * a bare list of language codes (`nl, ar`) as the whole text of a cell, a fact or an option.
// The theme codes are the demo's default taxonomy (kring-core/src/theme.rs, DEFAULT_THEMES).
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test labels.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, navigationPaths, slug } from './support.mjs';

useBrowser();

const THEME_CODES = [
  'eenzaamheid',
  'bewegen',
  'geldzaken',
  'opvoeden',
  'taal',
  'dagstructuur',
  'mantelzorg',
  'psychisch-welzijn',
  'huishouden',
  'werk-en-meedoen',
  'digitale-vaardigheden',
  'gezondheid',
];
// The languages Kring names (kring-core/src/language.rs) and the demo uses.
const LANGUAGE_CODES = ['nl', 'en', 'ar', 'tr', 'ti', 'pl', 'de', 'fr', 'es', 'pt', 'so', 'fa', 'uk', 'ru', 'ro', 'bg', 'zh', 'fy', 'sw'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A whole word: not inside another word or code (letters, digits or hyphens on either side).
const wholeWord = (code) => new RegExp(`(?<![\\p{L}\\p{N}-])${escape(code)}(?![\\p{L}\\p{N}-])`, 'u');
const HYPHENATED = THEME_CODES.filter((c) => c.includes('-')).map((c) => [c, wholeWord(c)]);
const listOf = (codes) => new RegExp(`^(?:${codes.map(escape).join('|')})(?:\\s*,\\s*(?:${codes.map(escape).join('|')}))*$`);
const THEME_LIST = listOf(THEME_CODES);
const LANGUAGE_LIST = listOf(LANGUAGE_CODES);

/** Every code a person would read on the page, with where; empty when there are none. */
async function codesShown(page) {
  const found = [];
  const text = await page.locator('main').innerText();
  for (const [code, pattern] of HYPHENATED) {
    const at = text.search(pattern);
    if (at >= 0) found.push(`theme code "${code}" in "…${text.slice(Math.max(0, at - 40), at + code.length + 40)}…"`);
  }
  const cells = await page
    .locator('main :is(td, th, dd, li, option, p)')
    .evaluateAll((elements) => elements.map((e) => (e.innerText ?? e.textContent ?? '').trim()));
  for (const cell of cells) {
    // A cell may end with a parenthesised note; the list is what comes before it.
    for (const part of cell.split(/\s+·\s+/)) {
      const value = part.trim();
      if (THEME_LIST.test(value)) found.push(`theme codes as a cell: "${cell}"`);
      if (LANGUAGE_LIST.test(value)) found.push(`language codes as a cell: "${cell}"`);
    }
  }
  return found;
}

/** Open `path`, then fail listing the codes it shows. */
async function expectLabels(page, path, label, seenProblems) {
  await visit(page, path, label);
  for (const problem of await codesShown(page)) seenProblems.push(`${path}: ${problem}`);
}

/** The first link in <main> to one record (a path ending in an id), if any. */
async function firstRecord(page) {
  return page
    .locator('main a[href^="/"]:not([href$=".csv"]):not([href$=".ics"]):not([href*=".csv?"])')
    .evaluateAll((links) => links.map((a) => a.pathname + a.search).find((href) => /\/\d+$/.test(href)));
}

test('the codes the test looks for are found where a page shows them', () => {
  // The check itself must be able to fail.
  assert.ok(HYPHENATED.some(([, p]) => p.test('Thema: werk-en-meedoen.')));
  assert.ok(!HYPHENATED.some(([, p]) => p.test('Werk en meedoen')));
  assert.ok(THEME_LIST.test('geldzaken, taal'));
  assert.ok(!THEME_LIST.test('Geldzaken, Taal'));
  assert.ok(LANGUAGE_LIST.test('nl, ar'));
  assert.ok(!LANGUAGE_LIST.test('Nederlands, Arabisch'));
});

for (const role of ['professional', 'coordinator', 'partner', 'guide']) {
  test(`the demo ${role} reads labels, not theme or language codes, on every page and first record`, async () => {
    await withPage(async (page) => {
      await loginAs(page, role);
      const paths = await navigationPaths(page);
      assert.ok(paths.length > 0, `${role}: no navigation links`);
      const problems = [];
      const seen = new Set(paths);
      for (const path of paths) {
        await expectLabels(page, path, `labels-${role}-${slug(path)}`, problems);
        const first = await firstRecord(page);
        if (first && !seen.has(first)) {
          seen.add(first);
          await expectLabels(page, first, `labels-${role}-${slug(first)}`, problems);
        }
      }
      assert.deepEqual(problems, [], `${role} reads codes:\n${problems.join('\n')}`);
    });
  });
}

test('the public district pages show labels, not theme or language codes, in Dutch and English', async () => {
  for (const lang of ['nl', 'en']) {
    await withPage({ lang }, async (page) => {
      const problems = [];
      for (const path of ['/wijk', '/wijk/WK999901']) {
        await expectLabels(page, path, `labels-public-${lang}-${slug(path)}`, problems);
      }
      assert.deepEqual(problems, [], `the public pages (${lang}) show codes:\n${problems.join('\n')}`);
    });
  }
});
