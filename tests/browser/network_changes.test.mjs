// Browser checks for the pages' head: the browser console stays clean (no Content-Security-
// Policy error from htmx's inline indicator style, which the htmx-config meta tag switches off)
// and /favicon.ico answers with the icon, on the public pages and on a signed-in page.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test network_changes.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, at, withPage, loginAs } from './support.mjs';

useBrowser();

test('the browser console stays clean and the icon loads', async () => {
  await withPage(async (page) => {
    const messages = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        messages.push(`${page.url()}: ${message.text()}`);
      }
    });
    for (const path of ['/inloggen', '/wijk', '/wijk/WK999901']) {
      const response = await page.goto(at(path), { waitUntil: 'load' });
      assert.ok(response.status() < 400, `GET ${path} answered HTTP ${response.status()}`);
    }
    await loginAs(page, 'coordinator');
    await page.goto(at('/netwerk/plekken'), { waitUntil: 'load' });
    // Give htmx a moment to initialise (it injects its styles on load).
    await page.waitForTimeout(300);
    assert.deepEqual(messages, [], `console messages:\n${messages.join('\n')}`);

    const favicon = await page.evaluate(async () => {
      const response = await fetch('/favicon.ico');
      return { status: response.status, type: response.headers.get('content-type') };
    });
    assert.deepEqual(favicon, { status: 200, type: 'image/svg+xml' }, '/favicon.ico is the icon');
  });
});
