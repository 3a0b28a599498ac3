//! Announcements between partners over HTTP: one to no partner is refused (API and page, with
//! what was typed kept), a recipient passes it on with a channel and a reach, a non-recipient
//! cannot, and a public one appears on the district page, in its Atom feed (with an ETag) and
//! beside the HSDS API.

use crate::network::{send, token};
use crate::{assert_summary_in_form_order, seed_areas};
use kring_core::account::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_every_backend! {
    async fn an_announcement_is_refused_without_recipients_and_passed_on_by_a_recipient(app: TestApp) {
        seed_areas(&app.store).await;
        let (a_id, a) = token(&app, "a@voorbeeld.nl", Role::Partner).await;
        let (b_id, b) = token(&app, "b@voorbeeld.nl", Role::Partner).await;
        let org_a = app.store.account(a_id).await.unwrap().organisation_id.unwrap();
        let org_b = app.store.account(b_id).await.unwrap().organisation_id.unwrap();

        let mut body = json!({
            "kind": "warning",
            "title": "Pas op: nepcollectant <aan de deur>",
            "body": "Iemand belt aan voor een goed doel dat niet bestaat.",
            "public": true,
            "districts": ["WK999901"],
            "recipient_organisation_ids": [],
        });
        let (status, problem) = send(&app, Method::POST, "/api/v1/announcements", &a, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["recipients"].is_string(), "{problem}");
        assert!(app.store.announcements(Default::default()).await.unwrap().is_empty());

        body["recipient_organisation_ids"] = json!([org_b]);
        let (status, out) = send(&app, Method::POST, "/api/v1/announcements", &a, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{out}");
        assert_eq!(out["author"]["organisation_id"], org_a);
        let id = out["announcement_id"].as_i64().unwrap();

        let (status, received) = send(&app, Method::GET, "/api/v1/announcements", &b, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(received.as_array().unwrap().len(), 1);
        let (_, sent) = send(&app, Method::GET, "/api/v1/announcements?box=sent", &b, None).await;
        assert!(sent.as_array().unwrap().is_empty());

        let path = format!("/api/v1/announcements/{id}/passed-on");
        let (status, problem) = send(&app, Method::POST, &path, &a, Some(json!({"channel": "newsletter", "reach": 10}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the author is no recipient: {problem}");
        assert!(problem["errors"]["organisation_id"].is_string(), "{problem}");
        let (status, problem) = send(&app, Method::POST, &path, &b, Some(json!({"channel": "pigeon", "reach": -1}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem["errors"]["channel"].is_string() && problem["errors"]["reach"].is_string(), "{problem}");
        let (status, out) = send(&app, Method::POST, &path, &b, Some(json!({"channel": "newsletter", "reach": 350}))).await;
        assert_eq!(status, StatusCode::CREATED, "{out}");
        assert_eq!(out["reach"], 350);
        assert_eq!(out["passed_on"][0]["channel"], "newsletter");

        // Public: the district page, the Atom feed and the JSON beside HSDS.
        let page = reqwest::get(app.url("/wijk/WK999901")).await.unwrap().text().await.unwrap();
        assert!(page.contains("Pas op: nepcollectant &#60;aan de deur&#62;") || page.contains("Pas op: nepcollectant &lt;aan de deur&gt;"), "{page}");
        assert!(page.contains("/wijk/WK999901/nieuws.xml"));
        let feed = reqwest::get(app.url("/wijk/WK999901/nieuws.xml")).await.unwrap();
        assert_eq!(feed.status(), StatusCode::OK);
        assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
        let etag = feed.headers()["etag"].to_str().unwrap().to_owned();
        let xml = feed.text().await.unwrap();
        assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""), "{xml}");
        assert!(xml.contains(&format!(":announcement-{id}</id>")), "{xml}");
        assert!(xml.contains("<title>Pas op: nepcollectant &lt;aan de deur&gt;</title>"), "{xml}");
        let again = reqwest::Client::new().get(app.url("/wijk/WK999901/nieuws.xml")).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let other = reqwest::get(app.url("/wijk/WK999902/nieuws.xml")).await.unwrap().text().await.unwrap();
        assert!(!other.contains("<entry>"), "not about Binnenstad");
        let public: serde_json::Value = reqwest::get(app.url("/api/v1/hsds/announcements?district=WK999901")).await.unwrap().json().await.unwrap();
        assert_eq!(public[0]["announcement_id"], id);
        assert!(public[0].get("reach").is_none(), "no reach in public");
    }

    async fn the_pages_refuse_an_announcement_to_no_partner_and_note_a_passing_on(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let a_id = app.account("a@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        let b_id = app.account("b@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        let org_a = app.store.account(a_id).await.unwrap().organisation_id.unwrap();
        let org_b = app.store.account(b_id).await.unwrap().organisation_id.unwrap();
        let a = app.login("a@voorbeeld.nl").await;
        let csrf = app.csrf(&a, "/netwerk/berichten/nieuw").await;
        let voorstad = voorstad.to_string();
        let org_a_text = org_a.to_string();
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("author_organisation_id", org_a_text.as_str()),
            ("kind", "volunteers"),
            ("title", "Wie helpt mee met de buurtmaaltijd?"),
            ("body", ""),
            ("districts", voorstad.as_str()),
        ];
        let response = a.post(app.url("/netwerk/berichten")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert_summary_in_form_order(&html, &["announcement-body", "announcement-recipients"]);
        assert!(html.contains("Kies minstens één partner voor wier leden"), "{html}");
        assert!(html.contains("value=\"Wie helpt mee met de buurtmaaltijd?\""), "title kept");
        assert!(html.contains("value=\"volunteers\" checked"), "kind kept");

        let org_b_text = org_b.to_string();
        form.retain(|(k, _)| *k != "body");
        form.push(("body", "Koken, tafels dekken of afwassen: elke hulp is welkom."));
        form.push(("recipients", org_b_text.as_str()));
        let response = a.post(app.url("/netwerk/berichten")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let announcement = app.store.announcements(Default::default()).await.unwrap().remove(0);
        assert!(!announcement.public);

        let b = app.login("b@voorbeeld.nl").await;
        let csrf = app.csrf(&b, "/netwerk/berichten").await;
        let path = format!("/netwerk/berichten/{}/doorgeven", announcement.announcement_id);
        let response = b.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("channel", "noticeboard"), ("reach", "veel")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("Vul een heel getal in"), "{html}");
        assert!(html.contains("value=\"noticeboard\" selected"), "channel kept");
        let response = b.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("channel", "noticeboard"), ("reach", "80")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let page = b.get(app.url("/netwerk/berichten")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("U heeft dit bericht doorgegeven."), "{page}");
        assert!(page.contains("Prikbord"));
        // Not public: not on the district page.
        let district = reqwest::get(app.url("/wijk/WK999901")).await.unwrap().text().await.unwrap();
        assert!(!district.contains("buurtmaaltijd"));
    }
}
