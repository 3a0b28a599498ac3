// Browser test: networks. A coordinator starts a second network for another part of town from
// the step plan's template, a partner of a member organisation moves the first step and records
// its reach per neighbourhood (a negative count refused first, what was typed kept), and the
// network's reach table and map show the white spots, in Dutch and English. Axe checks every
// page on the way.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test networks.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, inspect, submit, switchLanguage, at } from './support.mjs';

useBrowser();

test('a coordinator starts a network from the template, a partner records its reach, the white spots show', async () => {
  const name = `Binnenstad samen ${Date.now()}`;
  let networkPath;
  await withPage(async (coordinator) => {
    await loginAs(coordinator, 'coordinator');
    await visit(coordinator, '/netwerken', 'networks');
    assert.match(await coordinator.locator('main').innerText(), /Samen Voorstad/);
    await coordinator.getByRole('link', { name: 'Nieuw netwerk' }).click();
    await coordinator.waitForLoadState('load');
    await inspect(coordinator, 'network-new');
    const form = coordinator.locator('form[action="/netwerken"]');
    // Nothing chosen: refused, the name kept.
    await form.locator('#network-name').fill(name);
    const refused = await submit(coordinator, form);
    assert.equal(refused.status(), 422);
    await inspect(coordinator, 'network-new-refused');
    assert.match(await coordinator.locator('#error-summary').innerText(), /Kies minstens één wijk of buurt/);
    assert.equal(await coordinator.locator('#network-name').inputValue(), name);
    await form.getByLabel('Oude Markt (Binnenstad)').check();
    await form.getByLabel('Kerkbuurt (Binnenstad)').check();
    await form.getByLabel('Buurthuis Het Enkhuis').check();
    const created = await submit(coordinator, form);
    assert.equal(created.status(), 303);
    networkPath = new URL(coordinator.url()).pathname;
    assert.match(networkPath, /^\/netwerken\/\d+$/);
    await inspect(coordinator, 'network-started');
    const plan = await coordinator.locator('.kring-steps').innerText();
    assert.match(plan, /Verkennen: wie is hier al actief\?/);
    assert.match(plan, /Borgen: financiering en evaluatie/);
    assert.match(await coordinator.locator('main').innerText(), /0 van 9 stappen klaar/);
  });

  await withPage(async (partner) => {
    await loginAs(partner, 'partner');
    // Any member partner moves a step.
    await visit(partner, networkPath, 'network-partner');
    const first = partner.locator('.kring-step').first();
    await first.locator('summary').click();
    await first.getByLabel('Bezig').check();
    await first.getByLabel('Notities').fill('De bibliotheek en de kerk gebeld.');
    const moved = await submit(partner, first.locator('form'));
    assert.equal(moved.status(), 303);
    assert.match(await partner.locator('.kring-step').first().innerText(), /Bezig/);

    await visit(partner, '/bereik', 'reach-form');
    const form = partner.locator('form[action="/bereik"]');
    const oudeMarkt = form.locator('fieldset', { has: partner.locator('legend', { hasText: 'Oude Markt (Binnenstad)' }) });
    await oudeMarkt.getByLabel('Aantal bewoners (ongeveer)').fill('-40');
    const refused = await submit(partner, form);
    assert.equal(refused.status(), 422);
    await inspect(partner, 'reach-form-refused');
    assert.match(await partner.locator('#error-summary').innerText(), /niet kleiner zijn dan 0/);
    const kept = partner.locator('form[action="/bereik"] fieldset', { has: partner.locator('legend', { hasText: 'Oude Markt (Binnenstad)' }) });
    assert.equal(await kept.getByLabel('Aantal bewoners (ongeveer)').inputValue(), '-40', 'what was typed is kept');
    await kept.getByLabel('Aantal bewoners (ongeveer)').fill('450');
    await kept.getByLabel('Soort').selectOption('visitors');
    await kept.getByLabel('Prikbord').check();
    const saved = await submit(partner, partner.locator('form[action="/bereik"]'));
    assert.equal(saved.status(), 303);
    await inspect(partner, 'reach-form-saved');

    await visit(partner, networkPath, 'network-reach');
    const table = partner.locator('table', { has: partner.locator('caption', { hasText: 'Bereik van het netwerk' }) });
    const rows = await table.innerText();
    assert.match(rows, /Oude Markt[\s\S]*450/);
    assert.match(rows, /Kerkbuurt \(Binnenstad\)\s*Witte vlek/);
    assert.match(await partner.locator('main').innerText(), /bovengrens/);
    assert.equal(await partner.locator('svg[role="img"] circle').count(), 2, 'a dot per neighbourhood on the map');
    assert.match(await partner.locator('figcaption').innerText(), /Kerkbuurt: witte vlek/);

    await switchLanguage(partner, 'en', 'network-reach');
    await inspect(partner, 'network-reach-en');
    assert.match(await partner.locator('main').innerText(), /White spot/);
    assert.match(await partner.locator('main').innerText(), /upper bound/);
    await partner.goto(at('/bereik'));
    await inspect(partner, 'reach-form-en');
    assert.match(await partner.locator('h1').innerText(), /Our reach/);
    await switchLanguage(partner, 'nl', 'reach-form-en');
  });
});
