// Browser test: announcements between partners. The Enkhuis's partner sends a public warning to
// Welzijn Voorbeeld (first refused without a partner, what was typed kept); the coordinator,
// acting for Welzijn Voorbeeld, passes it on via the newsletter; the Enkhuis then sees who
// passed it on and passes on the demo's waiting announcement itself. The warning is on the
// district page and in its Atom feed, which parses as Atom. Axe checks every page, in Dutch and
// English, and at 390 px.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test announcements.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, inspect, submit, switchLanguage, at, PHONE } from './support.mjs';

useBrowser();

test('a partner sends an announcement that another passes on; the public one is in the Atom feed', async () => {
  const title = `Pas op: valse energieadviseurs ${Date.now()}`;
  let announcementId;
  await withPage(async (partner) => {
    await loginAs(partner, 'partner');
    await visit(partner, '/netwerk/berichten', 'announcements-partner');
    await partner.getByRole('link', { name: 'Nieuw bericht' }).click();
    await partner.waitForLoadState('load');
    await inspect(partner, 'announcement-new');
    const form = partner.locator('form[action="/netwerk/berichten"]');
    await form.getByLabel('Waarschuwing', { exact: true }).check();
    await form.locator('#announcement-title').fill(title);
    await form.locator('#announcement-body').fill('Ze bellen aan en vragen om uw bankpas. De gemeente stuurt niemand langs.');
    await form.getByLabel('Ook openbaar tonen').check();
    await form.getByLabel('Voorstad', { exact: true }).check();
    const refused = await submit(partner, form);
    assert.equal(refused.status(), 422);
    await inspect(partner, 'announcement-refused');
    assert.match(await partner.locator('#error-summary').innerText(), /Kies minstens één partner/);
    assert.equal(await partner.locator('#announcement-title').inputValue(), title, 'what was typed is kept');
    await partner.locator('form[action="/netwerk/berichten"]').getByLabel('Welzijn Voorbeeld', { exact: true }).check();
    const sent = await submit(partner, partner.locator('form[action="/netwerk/berichten"]'));
    assert.equal(sent.status(), 303);
    await inspect(partner, 'announcement-sent');
    const article = partner.locator('article', { has: partner.locator('h3', { hasText: title }) });
    announcementId = (await article.getAttribute('id')).replace('bericht-', '');
    assert.match(await article.innerText(), /Nog door niemand doorgegeven/);
  });

  await withPage(async (coordinator) => {
    await loginAs(coordinator, 'coordinator');
    await visit(coordinator, '/netwerk/berichten', 'announcements-coordinator');
    await coordinator.locator('#organisatie').selectOption({ label: 'Welzijn Voorbeeld' });
    await Promise.all([
      coordinator.waitForURL(/organisatie=\d+/),
      coordinator.getByRole('button', { name: 'Kiezen' }).click(),
    ]);
    await coordinator.waitForLoadState('load');
    await inspect(coordinator, 'announcements-welzijn');
    const article = coordinator.locator(`#bericht-${announcementId}`);
    await article.locator('select[name="channel"]').selectOption('newsletter');
    await article.locator('input[name="reach"]').fill('400');
    const passed = await submit(coordinator, article.locator('form'));
    assert.equal(passed.status(), 303);
    await inspect(coordinator, 'announcement-passed-on');
    assert.match(await coordinator.locator(`#bericht-${announcementId}`).innerText(), /U heeft dit bericht doorgegeven/);
  });

  await withPage(async (partner) => {
    await loginAs(partner, 'partner');
    await visit(partner, '/netwerk/berichten', 'announcements-partner-after');
    const mine = await partner.locator(`#bericht-${announcementId}`).innerText();
    assert.match(mine, /Welzijn Voorbeeld: Nieuwsbrief, ongeveer 400 mensen/);
    // The demo's waiting announcement, from the partner that left.
    const waiting = partner.locator('article', { hasText: 'Voorlichting: veilig thuis met een rollator' });
    assert.match(await waiting.innerText(), /heeft het netwerk verlaten/);
    await waiting.locator('select[name="channel"]').selectOption('noticeboard');
    await waiting.locator('input[name="reach"]').fill('-5');
    const refused = await submit(partner, waiting.locator('form'));
    assert.equal(refused.status(), 422);
    await inspect(partner, 'pass-on-refused');
    const again = partner.locator('article', { hasText: 'Voorlichting: veilig thuis met een rollator' });
    assert.equal(await again.locator('select[name="channel"]').inputValue(), 'noticeboard', 'the channel is kept');
    await again.locator('input[name="reach"]').fill('60');
    assert.equal((await submit(partner, again.locator('form'))).status(), 303);

    await switchLanguage(partner, 'en', 'announcements-en');
    await inspect(partner, 'announcements-en');
    assert.match(await partner.locator('main').innerText(), /For us[\s\S]*You passed this announcement on/);
    await visit(partner, '/netwerk/berichten/nieuw', 'announcement-new-en');
    assert.match(await partner.locator('main').innerText(), /Call for volunteers/);
  });

  await withPage({ viewport: PHONE }, async (resident) => {
    await visit(resident, '/wijk/WK999901', 'district-with-announcement');
    assert.match(await resident.locator('#berichten').locator('..').innerText(), new RegExp(title));
    const feed = await resident.request.get(at('/wijk/WK999901/nieuws.xml'));
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'], /^application\/atom\+xml/);
    const xml = await feed.text();
    const parsed = await resident.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName('parsererror').length,
        ns: root.namespaceURI,
        name: root.localName,
        entries: [...root.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')].map((e) => ({
          id: e.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'id')[0]?.textContent,
          title: e.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'title')[0]?.textContent,
          updated: e.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'updated')[0]?.textContent,
        })),
        id: root.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'id')[0]?.textContent,
        updated: root.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'updated')[0]?.textContent,
      };
    }, xml);
    assert.equal(parsed.error, 0, 'the feed is well-formed XML');
    assert.equal(parsed.ns, 'http://www.w3.org/2005/Atom');
    assert.equal(parsed.name, 'feed');
    assert.ok(parsed.id && parsed.updated);
    const entry = parsed.entries.find((e) => e.title === title);
    assert.ok(entry, 'the warning is an entry');
    assert.match(entry.id, new RegExp(`^tag:.*announcement-${announcementId}$`));
    assert.match(entry.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
