//! The foundation: health, sign-in and sessions, tokens, CSRF, areas, accounts, settings, the
//! audit log, language switch, error pages and the OpenAPI document.

use crate::{PASSWORD, nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use reqwest::StatusCode;
use std::collections::BTreeSet;

on_every_backend! {
    async fn health_answers_ok_while_the_process_runs(app: TestApp) {
        let response = reqwest::get(app.url("/health")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.text().await.unwrap(), r#"{"status":"ok"}"#);
    }

    async fn the_api_refuses_anonymous_callers_with_a_problem_body(app: TestApp) {
        let response = reqwest::get(app.url("/api/v1/me")).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], 401);
        assert!(body["detail"].as_str().unwrap().contains("Bearer"));
    }

    async fn a_bearer_token_identifies_the_caller_until_it_is_revoked(app: TestApp) {
        let account_id = app.account("beleid@voorbeeld.nl", Role::Analyst, nobody()).await;
        let (token_id, secret) = app.store.create_api_token(account_id, "test", None).await.unwrap();
        let client = reqwest::Client::new();
        let me: serde_json::Value = client.get(app.url("/api/v1/me")).bearer_auth(&secret)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(me["role"], "analyst");
        assert_eq!(me["email"], "beleid@voorbeeld.nl");
        app.store.revoke_api_token(token_id).await.unwrap();
        let response = client.get(app.url("/api/v1/me")).bearer_auth(&secret).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn districts_are_listed_with_neighbourhoods_and_postcodes(app: TestApp) {
        seed_areas(&app.store).await;
        let account_id = app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let (_, secret) = app.store.create_api_token(account_id, "test", None).await.unwrap();
        let districts: serde_json::Value = reqwest::Client::new()
            .get(app.url("/api/v1/districts")).bearer_auth(&secret)
            .send().await.unwrap().json().await.unwrap();
        let districts = districts.as_array().unwrap();
        assert_eq!(districts.len(), 3);
        assert_eq!(districts[0]["code"], "WK999901");
        assert_eq!(districts[0]["name"], "Voorstad");
        assert_eq!(districts[0]["neighbourhoods"].as_array().unwrap().len(), 4);
        assert_eq!(districts[0]["postcodes"][0], "9901");
    }

    async fn logging_in_opens_a_session_and_logging_out_ends_it(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let me: serde_json::Value = client.get(app.url("/api/v1/me")).send().await.unwrap()
            .json().await.unwrap();
        assert_eq!(me["role"], "admin");
        let csrf = app.csrf(&client, "/").await;
        let response = client.post(app.url("/uitloggen")).form(&[("csrf", csrf.as_str())])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let response = client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn the_session_cookie_is_http_only_and_same_site(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.browser();
        let csrf = app.csrf(&client, "/inloggen").await;
        let response = client.post(app.url("/inloggen"))
            .form(&[("email", "beheer@voorbeeld.nl"), ("password", PASSWORD), ("csrf", &csrf)])
            .send().await.unwrap();
        let cookie = response.headers().get_all("set-cookie").iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|v| v.starts_with("kring_session="))
            .expect("a session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    }

    async fn a_wrong_password_keeps_the_email_and_says_what_is_wrong(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.browser();
        let csrf = app.csrf(&client, "/inloggen").await;
        let response = client.post(app.url("/inloggen"))
            .form(&[("email", "beheer@voorbeeld.nl"), ("password", "fout"), ("csrf", &csrf)])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"beheer@voorbeeld.nl\""));
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("klopt niet"));
    }

    async fn a_lock_is_temporary_says_nothing_to_a_wrong_password_and_an_admin_lifts_it(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let locked_id = app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.browser();
        let csrf = app.csrf(&client, "/inloggen").await;
        let attempt = |email: &'static str, password: &'static str| {
            let (client, csrf) = (client.clone(), csrf.clone());
            let url = app.url("/inloggen");
            async move {
                let response = client.post(url)
                    .form(&[("email", email), ("password", password), ("csrf", &csrf)])
                    .send().await.unwrap();
                let status = response.status();
                let html = response.text().await.unwrap();
                let start = html.find("role=\"alert\"").expect("a message");
                (status, html[start..start + html[start..].find("</div>").unwrap()].to_owned())
            }
        };
        let unknown = attempt("niemand@voorbeeld.nl", "fout").await;
        assert_eq!(unknown.0, StatusCode::UNAUTHORIZED);
        for _ in 0..5 {
            assert_eq!(attempt("netwerk@voorbeeld.nl", "fout").await, unknown, "the same answer as an unknown address");
        }
        assert!(app.store.account(locked_id).await.unwrap().locked);
        assert_eq!(attempt("netwerk@voorbeeld.nl", "nog-steeds-fout").await, unknown, "locked, wrong password: no oracle");
        let (status, message) = attempt("netwerk@voorbeeld.nl", PASSWORD).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(message.contains("tijdelijk op slot") && message.contains("Probeer het na "), "{message}");

        let admin = app.login("beheer@voorbeeld.nl").await;
        let html = admin.get(app.url("/beheer/accounts")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("/beheer/accounts/{locked_id}/ontgrendelen")), "the admin sees the lock");
        let csrf = app.csrf(&admin, "/beheer/accounts").await;
        let response = admin.post(app.url(&format!("/beheer/accounts/{locked_id}/ontgrendelen")))
            .form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        app.login("netwerk@voorbeeld.nl").await;

        // Locked again, and let the minute pass: the lock ends by itself.
        for _ in 0..5 {
            attempt("netwerk@voorbeeld.nl", "fout").await;
        }
        assert!(attempt("netwerk@voorbeeld.nl", PASSWORD).await.1.contains("tijdelijk op slot"));
        app.store.age_lock(locked_id, 60).await.unwrap();
        app.login("netwerk@voorbeeld.nl").await;
    }

    async fn an_address_is_limited_by_its_failed_logins_only(app: TestApp) {
        app.account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody()).await;
        for _ in 0..30 {
            app.login("wijkteam@voorbeeld.nl").await;
        }
        let client = app.browser();
        let csrf = app.csrf(&client, "/inloggen").await;
        for attempt in 1..=20 {
            let response = client.post(app.url("/inloggen"))
                .form(&[("email", format!("iemand{attempt}@voorbeeld.nl").as_str()), ("password", "fout"), ("csrf", &csrf)])
                .send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "failure {attempt}");
        }
        let response = client.post(app.url("/inloggen"))
            .form(&[("email", "wijkteam@voorbeeld.nl"), ("password", PASSWORD), ("csrf", &csrf)])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "twenty failures stop the address");
    }

    async fn a_form_without_its_csrf_token_is_refused(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        for (path, form) in [
            ("/uitloggen", vec![]),
            ("/beheer/instellingen", vec![("municipality_name", "X"), ("theme_class", "x")]),
            ("/beheer/accounts", vec![("email", "x@voorbeeld.nl")]),
            ("/beheer/gebieden/postcodes", vec![("postcode", "9901")]),
            ("/account/tokens", vec![("name", "x")]),
        ] {
            let response = client.post(app.url(path)).form(&form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        }
        let response = app.browser().post(app.url("/inloggen"))
            .form(&[("email", "a@b.nl"), ("password", "x")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "login without token");
    }

    async fn a_cross_site_form_post_is_refused_even_with_a_token(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/").await;
        let response = client.post(app.url("/uitloggen"))
            .header("origin", "https://kwaadaardig.example")
            .form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    async fn a_professional_opening_another_district_gets_403_and_it_is_logged(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let only_voorstad = DistrictAssignment::Only(BTreeSet::from([voorstad]));
        let account_id = app.account("wijkteam@voorbeeld.nl", Role::Professional, only_voorstad).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let own = client.get(app.url("/wijken/WK999901")).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::OK);
        assert!(own.text().await.unwrap().contains("Het Enk"));
        let other = client.get(app.url("/wijken/WK999902")).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::FORBIDDEN);
        let filter = AuditFilter {
            account_id: Some(account_id),
            record_type: Some("district".into()),
            ..Default::default()
        };
        let events = app.store.audit_events(&filter).await.unwrap();
        let outcomes: Vec<(&str, &str)> =
            events.iter().map(|e| (e.record_id.as_str(), e.outcome.as_str())).collect();
        assert_eq!(outcomes, vec![("WK999902", "denied"), ("WK999901", "allowed")]);
    }

    async fn each_role_reaches_only_its_own_pages(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let admin_pages =
            ["/beheer/gebieden", "/beheer/accounts", "/beheer/audit", "/beheer/audit.csv",
             "/beheer/audit.jsonl", "/beheer/instellingen"];
        for (email, role) in [
            ("beheer@voorbeeld.nl", Role::Admin),
            ("wijkteam@voorbeeld.nl", Role::Professional),
            ("netwerk@voorbeeld.nl", Role::Coordinator),
            ("partner@voorbeeld.nl", Role::Partner),
            ("beleid@voorbeeld.nl", Role::Analyst),
        ] {
            let districts = if role == Role::Professional {
                DistrictAssignment::Only(BTreeSet::from([voorstad]))
            } else {
                nobody()
            };
            app.account(email, role, districts).await;
            let client = app.login(email).await;
            for page in admin_pages {
                let status = client.get(app.url(page)).send().await.unwrap().status();
                let expected =
                    if role == Role::Admin { StatusCode::OK } else { StatusCode::FORBIDDEN };
                assert_eq!(status, expected, "{role} on {page}");
            }
            let status = client.get(app.url("/wijken")).send().await.unwrap().status();
            let expected =
                if role == Role::Professional { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} on /wijken");
            let status = client.get(app.url("/account")).send().await.unwrap().status();
            assert_eq!(status, StatusCode::OK);
        }
        let response = app.browser().get(app.url("/beheer/gebieden")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], "/inloggen");
    }

    async fn an_area_import_with_bad_lines_reports_them_all_and_imports_nothing(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/beheer/gebieden").await;
        let csv = "municipality_code;municipality_name;district_code;district_name;neighbourhood_code;neighbourhood_name;postcode;x;y\n\
                   GM9999;Voorbeeld;WK999901;Voorstad;BU99990101;Het Enk;9901;155000;463000\n\
                   GM9999;Voorbeeld;WK999901;Voorstad;BU99990101;Het Enk;99;155000;463000\n\
                   GM9999;Voorbeeld;WK999901;Voorstad;BU99980101;Elders;9903;155000;463000\n";
        let upload = |bytes: Vec<u8>| {
            reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .text("year", "2026")
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name("gebieden.csv"))
        };
        let response = client.post(app.url("/beheer/gebieden/import"))
            .multipart(upload(csv.as_bytes().to_vec())).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("regel 3, kolom postcode: "), "line 3 is reported: {html}");
        assert!(html.contains("regel 4, kolom neighbourhood_code: Buurtcode BU99980101 ligt niet in wijk WK999901."), "line 4 is reported: {html}");
        assert!(app.store.districts().await.unwrap().is_empty(), "nothing was imported");
        let good = csv.lines().take(2).collect::<Vec<_>>().join("\n");
        let response = client.post(app.url("/beheer/gebieden/import"))
            .multipart(upload(good.into_bytes())).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(app.store.districts().await.unwrap().len(), 1);
    }

    async fn a_file_that_cannot_be_read_is_said_in_the_language_of_the_page(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let dutch = app.login("beheer@voorbeeld.nl").await;
        let english = app.login("beheer@voorbeeld.nl").await;
        english.get(app.url("/taal?lang=en&terug=/beheer/gebieden")).send().await.unwrap();
        // An unknown column, a row with a cell too many, a file without even a header.
        let files = [
            ("external_id,name,hobby\n1,2,3\n", "Onbekende kolom", "Unknown column"),
            ("external_id,name\n1,2,3\n", "regel 2: 3 kolommen, maar de kopregel heeft er 2.", "line 2: 3 columns, but the header has 2."),
            (" \n", "regel 1: Het bestand is leeg", "line 1: The file is empty"),
        ];
        for (client, english_page) in [(&dutch, false), (&english, true)] {
            for (path, extra) in [
                ("/beheer/gebieden/import", ("year", "2026")),
                ("/netwerk/import", ("kind", "organisations")),
                ("/vragen/import", ("skip", "")),
            ] {
                let csrf = app.csrf(client, "/beheer/gebieden").await;
                for (csv, nl, en) in files {
                    let form = reqwest::multipart::Form::new()
                        .text("csrf", csrf.clone())
                        .text(extra.0, extra.1)
                        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("x.csv"));
                    let response = client.post(app.url(path)).multipart(form).send().await.unwrap();
                    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path} {csv}");
                    let html = response.text().await.unwrap();
                    let (said, not) = if english_page { (en, nl) } else { (nl, en) };
                    assert!(html.contains(said), "{path} {csv}: {said}: {html}");
                    assert!(!html.contains(not), "{path} {csv}: {not}");
                }
            }
        }
    }

    async fn an_admin_adds_a_district_and_a_neighbourhood_by_code(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/beheer/gebieden").await;
        let add = |code: &'static str, name: &'static str| {
            client.post(app.url("/beheer/gebieden/nieuw"))
                .form(&[("csrf", csrf.as_str()), ("code", code), ("name", name), ("year", "2026")])
                .send()
        };
        assert_eq!(add("wk999904", "Zuiderpark").await.unwrap().status(), StatusCode::SEE_OTHER);
        assert_eq!(add("BU99990401", "Parkbuurt").await.unwrap().status(), StatusCode::SEE_OTHER);
        let duplicate = add("WK999904", "Nog eens").await.unwrap();
        assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = duplicate.text().await.unwrap();
        assert!(html.contains("al een wijk"), "the conflict is named");
        assert!(html.contains("value=\"Nog eens\""), "what was typed is kept");
        let orphan = add("BU99990501", "Nergens").await.unwrap();
        assert_eq!(orphan.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(orphan.text().await.unwrap().contains("WK999905"));
        let districts = app.store.districts().await.unwrap();
        assert_eq!(districts.len(), 4);
        assert_eq!(districts[3].neighbourhoods[0].name, "Parkbuurt");
    }

    async fn an_invalid_account_form_is_shown_again_with_everything_typed(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/beheer/accounts").await;
        let response = client.post(app.url("/beheer/accounts"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "geen-email"),
                ("display_name", "Fatima Yilmaz"),
                ("role", "professional"),
            ])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"geen-email\""));
        assert!(html.contains("value=\"Fatima Yilmaz\""));
        assert!(html.contains("geen geldig e-mailadres"));
    }

    async fn the_language_switch_turns_pages_english(app: TestApp) {
        let client = app.browser();
        let dutch = client.get(app.url("/inloggen")).send().await.unwrap().text().await.unwrap();
        assert!(dutch.contains("<html lang=\"nl\">"));
        let response = client.get(app.url("/taal?lang=en&terug=/inloggen")).send().await.unwrap();
        assert_eq!(response.headers()["location"], "/inloggen");
        let english = client.get(app.url("/inloggen")).send().await.unwrap().text().await.unwrap();
        assert!(english.contains("<html lang=\"en\">"));
        assert!(english.contains("Email address"));
        let outside = client.get(app.url("/taal?lang=nl&terug=//elders.example")).send().await.unwrap();
        assert_eq!(outside.headers()["location"], "/", "never an open redirect");
    }

    async fn unknown_pages_are_404_as_html_and_as_problem_json(app: TestApp) {
        let page = reqwest::get(app.url("/bestaat-niet")).await.unwrap();
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let api = reqwest::get(app.url("/api/v1/bestaat-niet")).await.unwrap();
        assert_eq!(api.status(), StatusCode::NOT_FOUND);
        assert_eq!(api.headers()["content-type"], "application/problem+json");
    }

    async fn an_admin_adds_and_retires_themes_and_a_refused_form_keeps_its_input(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        app.account("beleid@voorbeeld.nl", Role::Analyst, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/beheer/themas").await;
        let refused = client.post(app.url("/beheer/themas"))
            .form(&[("csrf", csrf.as_str()), ("code", "Koken <b>"), ("label_nl", "Samen <koken>"),
                ("label_en", ""), ("position", "13"), ("active", "1")])
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains("value=\"Samen &#60;koken&#62;\"") || html.contains("value=\"Samen &lt;koken&gt;\""), "{html}");
        assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"new-code-error\""));
        assert!(html.contains("aria-describedby=\"new-label_en-error\""));
        let added = client.post(app.url("/beheer/themas"))
            .form(&[("csrf", csrf.as_str()), ("code", "koken"), ("label_nl", "Samen koken"),
                ("label_en", "Cooking together"), ("position", "13"), ("active", "1")])
            .send().await.unwrap();
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
        let koken = app.store.themes().await.unwrap().into_iter().find(|t| t.code == "koken").unwrap();
        assert!(koken.active);
        assert_eq!(koken.group_language, None);
        // A group language is chosen by its name and cleared with "none".
        let page = client.get(app.url("/beheer/themas")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<option value=\"nl\" selected>Nederlands</option>"), "taal meets in Dutch: {page}");
        let dutch = client.post(app.url(&format!("/beheer/themas/{}", koken.theme_id)))
            .form(&[("csrf", csrf.as_str()), ("label_nl", "Samen koken"), ("label_en", "Cooking together"),
                ("position", "13"), ("active", "1"), ("group_language", "nl")])
            .send().await.unwrap();
        assert_eq!(dutch.status(), StatusCode::SEE_OTHER);
        let koken_now = app.store.themes().await.unwrap().into_iter().find(|t| t.code == "koken").unwrap();
        assert_eq!(koken_now.group_language.as_deref(), Some("nl"));
        let cleared = client.post(app.url(&format!("/beheer/themas/{}", koken.theme_id)))
            .form(&[("csrf", csrf.as_str()), ("label_nl", "Samen koken"), ("label_en", "Cooking together"),
                ("position", "13"), ("active", "1"), ("group_language", "")])
            .send().await.unwrap();
        assert_eq!(cleared.status(), StatusCode::SEE_OTHER);
        let koken_now = app.store.themes().await.unwrap().into_iter().find(|t| t.code == "koken").unwrap();
        assert_eq!(koken_now.group_language, None);
        let retired = client.post(app.url(&format!("/beheer/themas/{}", koken.theme_id)))
            .form(&[("csrf", csrf.as_str()), ("label_nl", "Samen koken"),
                ("label_en", "Cooking together"), ("position", "13")])
            .send().await.unwrap();
        assert_eq!(retired.status(), StatusCode::SEE_OTHER);
        assert!(!app.store.themes().await.unwrap().into_iter().any(|t| t.code == "koken" && t.active));
        let analyst = app.login("beleid@voorbeeld.nl").await;
        let response = analyst.get(app.url("/beheer/themas")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    let generated = kring_web::openapi_document();
    if std::env::var("KRING_UPDATE_OPENAPI").is_ok() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date; run KRING_UPDATE_OPENAPI=1 cargo test -p kring-web --test http"
    );
}

// The one way in: every API error is a problem, authentication comes before the body, and no
// input can crash a request.
on_every_backend! {
    async fn every_api_refusal_is_a_problem_and_nothing_crashes(app: TestApp) {
        let account_id = app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let (_, token) = app.store.create_api_token(account_id, "test", None).await.unwrap();
        let client = reqwest::Client::new();
        let problem = |response: reqwest::Response| async move {
            assert_eq!(response.headers()["content-type"], "application/problem+json");
            response.json::<serde_json::Value>().await.unwrap()
        };

        // An id out of range or not a number: 404, never a text/plain 400.
        for path in ["/api/v1/collectives/99999999999999999999", "/api/v1/offers/abc"] {
            let response = client.get(app.url(path)).bearer_auth(&token).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            problem(response).await;
        }
        // A wrong method is a problem too.
        let response = client.delete(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        problem(response).await;

        // No caller: 401 whatever the body, which is never read.
        let response = client.post(app.url("/api/v1/organisations"))
            .header("content-type", "text/plain").body("rubbish").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        problem(response).await;

        // A wrong content type, a missing field and a field of the wrong type each name it.
        let response = client.post(app.url("/api/v1/organisations")).bearer_auth(&token)
            .header("content-type", "text/plain").body(r#"{"name": "X"}"#).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem(response).await["errors"]["body"].is_string());
        let response = client.post(app.url("/api/v1/organisations")).bearer_auth(&token)
            .json(&serde_json::json!({"kind": "welzijn"})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = problem(response).await;
        assert!(body["errors"]["name"].is_string(), "{body}");
        let response = client.post(app.url("/api/v1/organisations")).bearer_auth(&token)
            .json(&serde_json::json!({"name": ["X"]})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem(response).await["errors"]["name"].is_string());

        // A year-9999 date is refused as a field, not a dropped connection.
        let response = client.get(app.url("/api/v1/metrics?from=2026-01-01&to=9999-12-31"))
            .bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = problem(response).await;
        assert!(body["errors"]["to"].is_string(), "{body}");
    }

    async fn the_language_switch_never_leaves_the_site(app: TestApp) {
        let client = app.browser();
        for back in ["/%09/evil.example", "//evil.example", "/%0d%0a", "/\\evil.example"] {
            let response = client.get(app.url(&format!("/taal?lang=en&terug={back}")))
                .send().await.unwrap();
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{back}");
            assert_eq!(response.headers()["location"], "/", "{back}");
        }
        let response = client.get(app.url("/taal?lang=en&terug=/wijk")).send().await.unwrap();
        assert_eq!(response.headers()["location"], "/wijk");
    }
}

// Access the API refuses rather than hides: only a professional with a district works with
// residents; anyone else gets 403, not an empty list, whatever the body.
on_every_backend! {
    async fn partners_and_analysts_are_refused_residents_not_shown_empty_lists(app: TestApp) {
        seed_areas(&app.store).await;
        let client = reqwest::Client::new();
        for (email, role) in [
            ("enkhuis@voorbeeld.nl", Role::Partner),
            ("beleid@voorbeeld.nl", Role::Analyst),
            ("netwerk@voorbeeld.nl", Role::Coordinator),
            ("beheer@voorbeeld.nl", Role::Admin),
        ] {
            let account_id = app.account(email, role, nobody()).await;
            let (_, token) = app.store.create_api_token(account_id, "test", None).await.unwrap();
            for path in ["/api/v1/questions", "/api/v1/questions/1", "/api/v1/bundling/runs/1", "/api/v1/collectives/1/help-requests"] {
                if role == Role::Partner && path.contains("help-requests") {
                    // A partner's staff member may guide a collective: the store decides per
                    // collective (tests/http/collectives.rs).
                    continue;
                }
                let response = client.get(app.url(path)).bearer_auth(&token).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role} {path}");
                assert_eq!(response.headers()["content-type"], "application/problem+json");
            }
            // A forbidden write is 403 whatever its body: authorisation before validation.
            for body in ["{}", "not json", r#"{"name": 5}"#] {
                let response = client.post(app.url("/api/v1/questions")).bearer_auth(&token)
                    .header("content-type", "application/json").body(body).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role} {body}");
                let response = client.post(app.url("/api/v1/collectives")).bearer_auth(&token)
                    .header("content-type", "application/json").body(body).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role} {body}");
            }
        }
    }
}

// Every upload goes through one extractor: the token checked, one message for a missing file,
// one page for a file that is too large.
on_every_backend! {
    async fn every_upload_checks_its_token_and_names_a_missing_file_the_same_way(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&admin, "/beheer/gebieden").await;
        for (path, extra) in [
            ("/beheer/gebieden/import", ("year", "2026")),
            ("/netwerk/import", ("kind", "venues")),
            ("/vragen/import", ("skip", "")),
        ] {
            let form = reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .text(extra.0, extra.1);
            let response = admin.post(app.url(path)).multipart(form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            assert!(response.text().await.unwrap().contains("Kies een bestand."), "{path}");
            let form = reqwest::multipart::Form::new()
                .text("csrf", "wrong")
                .part("file", reqwest::multipart::Part::bytes(b"a,b\n".to_vec()).file_name("x.csv"));
            let response = admin.post(app.url(path)).multipart(form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        }
        // Over the limit: the one page that says so, in the caller's language.
        let huge = vec![b'x'; 51 * 1024 * 1024];
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(huge).file_name("groot.csv"));
        let response = admin.post(app.url("/netwerk/import")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(response.text().await.unwrap().contains("groter dan 50 MB"));
    }
}

// One problem vocabulary: refused fields come with a stable code and a message in the caller's
// language (Accept-Language), and a reference to nothing is a refused field, not a 404 or 409.
on_every_backend! {
    async fn refused_fields_carry_codes_and_speak_the_callers_language(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let professional = app.account("s.wijkteam@voorbeeld.nl", Role::Professional,
            DistrictAssignment::Only([voorstad].into())).await;
        let (_, token) = app.store.create_api_token(professional, "test", None).await.unwrap();
        let coordinator = app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let (_, coordinator) = app.store.create_api_token(coordinator, "test", None).await.unwrap();
        let client = reqwest::Client::new();
        let body = serde_json::json!({"postcode": "", "text": "x".repeat(5000), "themes": [], "availability": ["ma-ochtend"], "languages": ["nl"]});
        for (lang, postcode, text) in [
            ("en", "enter a postcode", "too long: at most 4000 characters"),
            ("nl", "vul een postcode in", "te lang: hoogstens 4000 tekens"),
        ] {
            let response = client.post(app.url("/api/v1/questions")).bearer_auth(&token)
                .header("accept-language", lang).json(&body).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let problem: serde_json::Value = response.json().await.unwrap();
            assert_eq!(problem["errors"]["postcode"], postcode, "{problem}");
            assert_eq!(problem["errors"]["text"], text, "{problem}");
            assert_eq!(problem["codes"]["postcode"], "required");
            assert_eq!(problem["codes"]["text"], "too_long");
            assert_eq!(problem["codes"]["themes"], "required");
        }
        // The request's own shape is said the same way.
        let response = client.post(app.url("/api/v1/questions")).bearer_auth(&token)
            .header("accept-language", "en").header("content-type", "application/json")
            .body("{").send().await.unwrap();
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["body"], "invalid_body", "{problem}");
        assert!(problem["errors"]["body"].as_str().unwrap().starts_with("This is not a valid JSON object"), "{problem}");
        // A resident or an offer that does not exist is a refused field.
        let response = client.post(app.url("/api/v1/questions")).bearer_auth(&token)
            .json(&serde_json::json!({"resident_id": 424242, "text": "Samen wandelen", "themes": ["bewegen"], "availability": ["ma-ochtend"]}))
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["resident_id"], "unknown", "{problem}");
        let story = serde_json::json!({"title": "Samen koken", "text": "Elke dinsdag.", "district": "WK999901", "offer_id": 424242,
            "consent": {"person": "Kees", "given_on": kring_store::today(), "scope": "internal"}});
        let response = client.post(app.url("/api/v1/stories")).bearer_auth(&coordinator).json(&story).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["offer_id"], "unknown", "{problem}");
    }
}
