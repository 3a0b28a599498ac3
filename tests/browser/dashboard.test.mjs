// Browser tests for the value dashboard: the demo coordinator opens /meerwaarde in Dutch and
// English, filters a district, sees the charts with their tables, downloads the CSV and the
// Excel CSV and prints the page (print media, to PDF); a bad
// date is refused with the input kept; the analyst sees the figures too; the page works at phone
// width. Every page is checked with axe-core (WCAG 2.1 A/AA).
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, at, withPage, inspect, visit, loginAs, switchLanguage, PHONE } from './support.mjs';

useBrowser();

test('a coordinator reads the value dashboard, filters a district and downloads the CSV', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    assert.equal(await page.locator('header a[href="/meerwaarde"]').count(), 1, 'the navigation links the dashboard');
    await visit(page, '/meerwaarde', 'dashboard-coordinator-nl');
    assert.ok((await page.locator('svg.kring-chart[role="img"]').count()) >= 3, 'charts');
    assert.ok((await page.locator('table caption').count()) >= 5, 'tables with captions');
    assert.match(await page.locator('h1').textContent(), /Meerwaarde/);
    // The demo's headline, together or alone, is visible for the last four complete quarters:
    // by month too many counts are small, so the page picks quarters and says why.
    assert.match(await page.locator('#indeling').textContent(), /per kwartaal/);
    const rows = page.locator('table').first().locator('tbody tr');
    const complete = [];
    for (const row of await rows.all()) {
      const cells = await row.locator('th, td').allTextContents();
      if (/kwartaal/.test(cells[0]) && !/tot nu toe/.test(cells[0])) complete.push(cells);
    }
    assert.equal(complete.length, 4, 'four complete quarters');
    for (const cells of complete) {
      assert.match(cells[1], /^\d+$/, `together shown in ${cells[0]}`);
      assert.match(cells[2], /^\d+$/, `alone shown in ${cells[0]}`);
    }
    assert.match(await rows.last().textContent(), /tot nu toe/, 'the running quarter stands apart');

    await page.locator('select[name="wijk"]').selectOption('WK999901');
    await Promise.all([page.waitForNavigation(), page.locator('form[action="/meerwaarde"] button').click()]);
    assert.equal(new URL(page.url()).searchParams.get('wijk'), 'WK999901');
    assert.match(await page.locator('[role="status"]').first().textContent(), /Voorstad/);
    await inspect(page, 'dashboard-district-nl');

    const href = await page.locator('a[href^="/meerwaarde.csv"]').getAttribute('href');
    const csv = await page.request.get(at(href));
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    const text = await csv.text();
    assert.equal(text.split('\n')[0], 'figure,district,period,key,value');
    assert.match(text, /^answered,WK999901,/m);

    // The download for Dutch Excel: a byte-order mark, semicolons, Dutch headers.
    const excelHref = await page.locator('a[href^="/meerwaarde-excel.csv"]').getAttribute('href');
    const excel = await page.request.get(at(excelHref));
    assert.equal(excel.status(), 200);
    const bytes = await excel.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte-order mark');
    assert.equal(bytes.subarray(3).toString('utf8').split('\r\n')[0], 'Cijfer;Wijk;Periode;Onderdeel;Waarde');

    // Printed, the page is the report: no navigation, filter or download links; charts and
    // tables stay.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.kring-nav').isVisible(), false, 'no navigation on paper');
    assert.equal(await page.locator('form.kring-filter').isVisible(), false, 'no filter on paper');
    assert.equal(await page.locator('a[href^="/meerwaarde-excel.csv"]').isVisible(), false);
    assert.ok(await page.locator('svg.kring-chart').first().isVisible(), 'charts on paper');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10000, `a PDF of the report (${pdf.length} bytes)`);
    await page.emulateMedia({ media: 'screen' });

    // A bad date: the form says so and keeps what was typed.
    const bad = await page.goto(at('/meerwaarde?van=31-12-2025&tot='));
    assert.equal(bad.status(), 422);
    assert.equal(await page.locator('input[name="van"]').inputValue(), '31-12-2025');
    assert.equal(await page.locator('#van[aria-invalid="true"]').count(), 1);
    await inspect(page, 'dashboard-bad-date-nl');

    await switchLanguage(page, 'en', 'dashboard-en');
    await visit(page, '/meerwaarde', 'dashboard-coordinator-en');
    assert.match(await page.locator('h1').textContent(), /Value/);
  });
});

test('an analyst sees the figures, also on a phone', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'analyst');
    await visit(page, '/meerwaarde', 'dashboard-analyst-phone-nl');
    assert.ok((await page.locator('svg.kring-chart').count()) >= 3, 'charts');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at phone width (${overflow}px)`);
    // Every chart's text is legible (at least 10 px as drawn) and inside its chart: a label
    // that does not fit wraps, it is never cut off at the left edge.
    const texts = await page.evaluate(() => [...document.querySelectorAll('svg.kring-chart')].flatMap((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll('text')].map((t) => {
        const box = t.getBBox();
        return { text: t.textContent, px: Number(t.getAttribute('font-size')) * scale, left: box.x, right: box.x + box.width, width: svg.viewBox.baseVal.width };
      });
    }));
    assert.ok(texts.length > 10, 'charts with text');
    for (const t of texts) {
      assert.ok(t.px >= 10, `"${t.text}" drawn at ${t.px.toFixed(1)} px`);
      assert.ok(t.left >= 0 && t.right <= t.width + 1, `"${t.text}" inside its chart (${t.left.toFixed(0)}–${t.right.toFixed(0)} of ${t.width})`);
    }
  });
});

test('the Excel workbook holds the same figures as the page, read back with openpyxl', async (t) => {
  const python = process.env.KRING_PYTHON;
  if (!python) {
    assert.notEqual(process.env.CI, 'true', 'KRING_PYTHON (a Python with openpyxl) is set by scripts/test.sh');
    t.skip('KRING_PYTHON is not set: run through scripts/test.sh');
    return;
  }
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/meerwaarde', 'dashboard-xlsx-nl');
    // The headline table as the page shows it: period, together, alone.
    const shown = new Map();
    for (const row of await page.locator('table').first().locator('tbody tr').all()) {
      const cells = (await row.locator('th, td').allTextContents()).map((c) => c.trim());
      if (/kwartaal/.test(cells[0]) && !/tot nu toe/.test(cells[0])) shown.set(cells[0], [cells[1], cells[2]]);
    }
    assert.equal(shown.size, 4, 'four complete quarters on the page');

    const href = await page.locator('a[href^="/meerwaarde.xlsx"]').getAttribute('href');
    const response = await page.request.get(at(href));
    assert.equal(response.status(), 200);
    const file = join(mkdtempSync(join(tmpdir(), 'kring-xlsx-')), 'meerwaarde.xlsx');
    writeFileSync(file, await response.body());
    const sheets = JSON.parse(execFileSync(python, ['xlsx_cells.py', file], { encoding: 'utf8' }));
    const answered = sheets['Samen of alleen geholpen'];
    assert.ok(answered, `a sheet per table: ${Object.keys(sheets).join(', ')}`);
    assert.deepEqual(answered[0], ['Periode', 'Onderdeel', 'Waarde']);
    const value = (period, part) => answered.find((r) => r[0] === period && r[1] === part)?.[2];
    for (const [period, [together, alone]] of shown) {
      assert.equal(String(value(period, 'Samen (collectief of aanbod)')), together, `together in ${period}`);
      assert.equal(String(value(period, 'Eén op één')), alone, `alone in ${period}`);
    }
    for (const [name, rows] of Object.entries(sheets)) {
      for (const row of rows.slice(1)) {
        assert.ok(!/_/.test(String(row[1] ?? '')), `a part in words, not a code, on ${name}: ${row}`);
      }
    }
  });
});

test('the annual report prints to PDF whole: pages counted, no text cut', async () => {
  await withPage(async (page) => {
    await loginAs(page, 'coordinator');
    await visit(page, '/meerwaarde', 'report-from-dashboard');
    await Promise.all([page.waitForNavigation(), page.locator('a[href="/meerwaarde/jaarverslag"]').click()]);
    await inspect(page, 'report-nl');
    assert.match(await page.locator('h1').textContent(), /^Jaarverslag \d{4}: /);
    assert.ok((await page.locator('#netwerken ~ h3, #netwerken + p ~ h3').count()) >= 1, 'a network with its reach');
    assert.ok((await page.locator('.kring-reach-map svg').count()) >= 1, 'the reach map');
    assert.ok((await page.locator('.kring-report-story').count()) >= 1, 'public stories');
    // A year to come is refused at the field, with what was typed kept.
    const year = new Date().getFullYear() + 1;
    await page.locator('input[name="jaar"]').fill(String(year));
    await Promise.all([page.waitForNavigation(), page.locator('form[action="/meerwaarde/jaarverslag"] button').click()]);
    assert.equal(await page.locator('input[name="jaar"]').inputValue(), String(year));
    assert.equal(await page.locator('#jaar[aria-invalid="true"]').count(), 1);
    await inspect(page, 'report-bad-year-nl');

    await page.goto(at('/meerwaarde/jaarverslag?wijk=WK999901'));
    await page.emulateMedia({ media: 'print' });
    // On A4 paper (about 718 px wide inside its margins) nothing sticks out or scrolls.
    await page.setViewportSize({ width: 718, height: 1000 });
    const cut = await page.evaluate(() => {
      const out = [];
      if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth}px`);
      for (const el of document.querySelectorAll('main *')) {
        const style = getComputedStyle(el);
        // Text for screen readers only is clipped on purpose.
        if (style.display === 'none' || el.closest('svg') || el.closest('.kring-visually-hidden')) continue;
        if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
          out.push(`${el.tagName}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
        }
      }
      return out;
    });
    assert.deepEqual(cut, [], 'no text cut on paper');
    assert.equal(await page.locator('form.kring-filter').isVisible(), false, 'no form on paper');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 2 && pages <= 30, `a report of a few pages (${pages})`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await switchLanguage(page, 'en', 'report-en');
    await visit(page, '/meerwaarde/jaarverslag', 'report-en');
    assert.match(await page.locator('h1').textContent(), /^Annual report \d{4}: /);
  });
});

test('the annual report reads on a phone', async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await loginAs(page, 'analyst');
    await visit(page, '/meerwaarde/jaarverslag', 'report-phone-nl');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at phone width (${overflow}px)`);
  });
});
