// Browser test: a warm referral goes from one partner to another. The Enkhuis's partner refers a
// resident to Welzijn Voorbeeld (first refused without consent, what was typed kept), sees only
// its status; Welzijn's partner accepts it, records the contact and reports it started; the
// Enkhuis then sees "Gestart". Axe checks every page, in Dutch and English, and at 390 px.
//
// Run (with `kring serve --demo` listening):
//   cd tests/browser && KRING_BASE_URL=http://127.0.0.1:8080 node --test referrals.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage, loginAs, visit, inspect, submit, switchLanguage, PHONE } from './support.mjs';

useBrowser();

test('a referral goes from one partner to another and is reported started', async () => {
  const reason = `Zoekt een wandelgroep ${Date.now()}`;
  let detail;
  await withPage(async (partner) => {
    await loginAs(partner, 'partner', 'enkhuis@voorbeeld.nl');
    await visit(partner, '/netwerk/verwijzingen', 'referrals-enkhuis');
    await partner.getByRole('link', { name: 'Nieuwe verwijzing' }).click();
    await partner.waitForLoadState('load');
    await inspect(partner, 'referral-new');
    const form = partner.locator('form[action="/netwerk/verwijzingen"]');
    await form.getByLabel('Een organisatie of haar aanbod').check();
    await form.locator('#referral-to-organisation-id').selectOption({ label: 'Welzijn Voorbeeld' });
    await form.locator('#referral-first-name').fill('Greet');
    await form.locator('#referral-phone').fill('06 24681357');
    await form.locator('#referral-reason').fill(reason);
    await form.locator('#referral-consent-by').fill('Greet zelf');
    await form.getByLabel('Telefonisch').check();
    const refused = await submit(partner, form);
    assert.equal(refused.status(), 422);
    await inspect(partner, 'referral-refused');
    assert.match(await partner.locator('#error-summary').innerText(), /Verwijs alleen met toestemming/);
    assert.equal(await partner.locator('#referral-first-name').inputValue(), 'Greet', 'what was typed is kept');
    assert.equal(await partner.locator('#referral-reason').inputValue(), reason);
    await partner.locator('#referral-consent').check();
    const sent = await submit(partner, partner.locator('form[action="/netwerk/verwijzingen"]'));
    assert.equal(sent.status(), 303);
    await inspect(partner, 'referral-sent');
    detail = new URL(partner.url()).pathname;
    const main = await partner.locator('main').innerText();
    assert.match(main, /De verwijzing is verstuurd/);
    assert.match(main, /U ziet alleen de status/);
    assert.doesNotMatch(main, /06 24681357/, 'the sender sees the status only');
  });

  await withPage(async (receiver) => {
    await loginAs(receiver, 'partner', 'welzijn@voorbeeld.nl');
    await visit(receiver, '/netwerk/verwijzingen', 'referrals-welzijn');
    await visit(receiver, detail, 'referral-received');
    assert.match(await receiver.locator('main').innerText(), new RegExp(reason));
    for (const step of ['Aannemen', 'Contact gehad', 'Gestart']) {
      const form = receiver.locator(`form[action="${detail}/status"]`);
      const [response] = await Promise.all([
        receiver.waitForResponse((res) => res.request().method() === 'POST'),
        form.getByRole('button', { name: step }).click(),
      ]);
      assert.equal(response.status(), 303, step);
      await receiver.waitForLoadState('load');
      await inspect(receiver, `referral-step-${step}`);
    }
    assert.match(await receiver.locator('#referral-status-value').innerText(), /Gestart/);
    await switchLanguage(receiver, 'en', 'referral-en');
    await inspect(receiver, 'referral-en');
    assert.match(await receiver.locator('#referral-status-value').innerText(), /Started/);
  });

  await withPage({ viewport: PHONE }, async (partner) => {
    await loginAs(partner, 'partner', 'enkhuis@voorbeeld.nl');
    await visit(partner, '/netwerk/verwijzingen?richting=uit', 'referrals-sent-phone');
    await visit(partner, detail, 'referral-started-phone');
    assert.match(await partner.locator('#referral-status-value').innerText(), /Gestart/);
    await switchLanguage(partner, 'en', 'referrals-en');
    await visit(partner, '/netwerk/verwijzingen/nieuw', 'referral-new-en');
    assert.match(await partner.locator('main').innerText(), /The resident consents to this referral/);
  });
});
