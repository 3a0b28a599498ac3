// Every staff form, submitted empty in English, answers in English: the form comes back (422)
// with an error summary and messages next to the fields, and none of them is Dutch. The
// professional's forms (a question, a signal, a story, a collective, a contact with a
// resident) and the coordinator's (an organisation, a venue, an offer). The network's forms
// say that the form has errors at the top without a list of them yet.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && npm ci && KRING_BASE_URL=http://127.0.0.1:8080 node --test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, visit, loginAs, submit, firstLink, at } from './support.mjs';

useBrowser();

// Words an English sentence never has and Dutch error messages always do.
const DUTCH = /\b(Vul|Kies|Geef|een|niet|deze|dit|ligt|hoogstens|moet|staat)\b/;

async function emptyFormSaysEnglish(page, path, formSelector, label, { summary = true } = {}) {
  if (path) {
    await visit(page, path, label);
  }
  const form = page.locator(formSelector).first();
  assert.ok(await form.count(), `${label}: no form ${formSelector} on ${page.url()}`);
  const response = await submit(page, form);
  assert.equal(response.status(), 422, `${label}: an empty form is refused`);
  const messages = await page.locator('.utrecht-form-field-error-message').allTextContents();
  const listed = await page.locator('#error-summary li').allTextContents();
  const alert = await page.locator('.utrecht-alert--error').allTextContents();
  assert.ok(messages.length > 0, `${label}: the refused fields say why`);
  if (summary) {
    assert.ok(listed.length > 0, `${label}: an error summary lists the refused fields`);
    // Each line links to an element of the form, in the order of the form.
    const targets = await page.locator('#error-summary a').evaluateAll((links) => links.map((a) => {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      return target ? [...document.querySelectorAll('main *')].indexOf(target) : -1;
    }));
    assert.ok(targets.every((t) => t >= 0), `${label}: every summary link has its field: ${targets}`);
    assert.deepEqual(targets, [...targets].sort((a, b) => a - b), `${label}: the summary follows the form`);
  }
  for (const text of [...messages, ...listed, ...alert]) {
    assert.doesNotMatch(text, DUTCH, `${label}: "${text.trim()}" is not English`);
  }
}

test('the professional submits every form empty in English and reads English', async () => {
  await withPage({ lang: 'en' }, async (page) => {
    await loginAs(page, 'professional');
    await emptyFormSaysEnglish(page, '/vragen/nieuw', 'main form.kring-form[method="post"]', 'question');
    await emptyFormSaysEnglish(page, '/signalen/nieuw', 'form[action="/signalen/nieuw"]', 'signal');
    await emptyFormSaysEnglish(page, '/verhalen/nieuw', 'form[action="/verhalen/nieuw"]', 'story');
    await emptyFormSaysEnglish(page, '/collectieven/nieuw', 'main form.kring-form[method="post"]', 'collective');
    await visit(page, '/vragen', 'questions');
    const question = await firstLink(page, 'table a[href^="/vragen/"]');
    await visit(page, question, 'a question');
    await emptyFormSaysEnglish(page, null, 'form[action$="/contact"]', 'contact');
  });
});

test('the coordinator submits every network form empty in English and reads English', async () => {
  await withPage({ lang: 'en' }, async (page) => {
    await loginAs(page, 'coordinator');
    await emptyFormSaysEnglish(page, '/netwerk/organisaties/nieuw', 'main form.kring-form[method="post"]', 'organisation');
    await emptyFormSaysEnglish(page, '/netwerk/plekken/nieuw', 'main form.kring-form[method="post"]', 'venue');
    await emptyFormSaysEnglish(page, '/netwerk/aanbod/nieuw', 'main form.kring-form[method="post"]', 'offer');
  });
});
