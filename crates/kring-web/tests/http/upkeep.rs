//! "Klopt dit nog?" over HTTP: a partner whose organisation is overdue sees the question and
//! that its entries are hidden, the coordinator sees it under "Niet bevestigd", another partner
//! cannot confirm for it, and one click confirms and clears both.

use crate::seed_areas;
use kring_core::account::Role;
use reqwest::StatusCode;

on_every_backend! {
    async fn a_partner_confirms_its_entries_from_the_start_page(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("c@voorbeeld.nl", Role::Coordinator, crate::nobody()).await;
        let a_id = app.account("a@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        app.account("b@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        let org = app.store.account(a_id).await.unwrap().organisation_id.unwrap();
        let name = app.store.network_organisation(org).await.unwrap().name;
        app.store.set_confirmed_at(org, kring_store::now() - 240 * 86_400).await.unwrap();

        let a = app.login("a@voorbeeld.nl").await;
        let home = a.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("Klopt dit nog?"), "{home}");
        assert!(home.contains("Het aanbod staat nu niet op de openbare pagina"), "{home}");
        let c = app.login("c@voorbeeld.nl").await;
        let home = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("Niet bevestigd") && home.contains(&name), "{home}");

        let path = format!("/netwerk/organisaties/{org}/bevestigen");
        let b = app.login("b@voorbeeld.nl").await;
        let csrf = app.csrf(&b, "/").await;
        let refused = b.post(app.url(&path)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);

        let csrf = app.csrf(&a, "/").await;
        let confirmed = a.post(app.url(&path)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
        let home = a.get(app.url("/?bevestigd=1")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("de gegevens zijn bevestigd"), "{home}");
        assert!(!home.contains("Klopt dit nog?"), "{home}");
        let home = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!home.contains("Niet bevestigd"), "{home}");
    }
}
