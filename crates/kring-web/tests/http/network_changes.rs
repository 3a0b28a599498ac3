//! Follow-ups on the network over HTTP: an uploaded file names every problem in one answer.

use crate::{nobody, seed_areas};
use kring_core::account::Role;
use reqwest::StatusCode;

fn upload(csv: &str, kind: &'static str, csrf: String) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("kind", kind)
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("bestand.csv"),
        )
}

on_every_backend! {
    async fn an_upload_names_a_short_row_a_bad_cell_an_unknown_reference_and_column_at_once(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("netwerk@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/netwerk/import").await;
        let organisations = "external_id,name\norg-1,Het Enkhuis\n";
        let response = client.post(app.url("/netwerk/import")).multipart(upload(organisations, "organisations", csrf.clone())).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bad = "external_id,name,kind,organisation,postcode,capacitty\n\
                   v-1,Het Enkhuis,buurthuis,org-1,9901,\n\
                   v-2,Kort\n\
                   v-3,Boerderij,kasteel,org-1,9901,\n\
                   v-4,Elders,buurthuis,org-9,9901,\n\
                   v-5,Ver weg,buurthuis,org-1,1011 AB,\n";
        let response = client.post(app.url("/netwerk/import")).multipart(upload(bad, "venues", csrf)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}: {html}"));
        let order = [
            at("capacitty"),
            at("Regel 3"),
            at("kasteel"),
            at("org-9"),
            at("1011 AB"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}: {html}");
        assert!(!html.contains("Regel 2:"), "{html}");
        assert!(app.store.venues(&Default::default()).await.unwrap().is_empty());
    }
}
