//! The security findings of round two, each with its test: cookie-signed API writes need the
//! session's CSRF token or a same-origin request and JSON; a bearer header never rides on a
//! session cookie; behind HTTPS only the `__Host-` cookie counts and HSTS is sent; names that
//! hide themselves or turn the reading direction around are refused.

use crate::{PASSWORD, TestApp, nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The password change: an API write every signed-in role may make. A wrong current password
/// gives 422, so a 422 shows the request got past the CSRF rule and a 403 that it did not.
const WRITE: &str = "/api/v1/account/password";

fn wrong_password() -> Value {
    json!({"current_password": "niet-het-goede", "new_password": "een-ander-goed-wachtwoord"})
}

/// The session's CSRF token as the pages carry it.
async fn session_csrf(app: &TestApp, client: &reqwest::Client) -> String {
    app.csrf(client, "/account").await
}

async fn problem_detail(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_owned()
}

on_every_backend! {
    async fn a_cookie_signed_api_write_needs_the_token_or_the_same_origin_and_json(app: TestApp) {
        app.account("beleid@voorbeeld.nl", Role::Analyst, nobody()).await;
        let client = app.login("beleid@voorbeeld.nl").await;
        let plain = client.put(app.url(WRITE)).json(&wrong_password()).send().await.unwrap();
        assert_eq!(plain.status(), StatusCode::FORBIDDEN, "no token, no origin");
        assert!(problem_detail(plain).await.contains("X-CSRF-Token"));
        let foreign = client.put(app.url(WRITE)).header("origin", "https://kwaad.example")
            .json(&wrong_password()).send().await.unwrap();
        assert_eq!(foreign.status(), StatusCode::FORBIDDEN, "a foreign origin");
        let forged = client.put(app.url(WRITE)).header("x-csrf-token", "geraden")
            .json(&wrong_password()).send().await.unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "a wrong token");

        let csrf = session_csrf(&app, &client).await;
        let with_token = client.put(app.url(WRITE)).header("x-csrf-token", &csrf)
            .json(&wrong_password()).send().await.unwrap();
        assert_eq!(with_token.status(), StatusCode::UNPROCESSABLE_ENTITY, "the session's token");
        let host = app.base.trim_start_matches("http://").to_owned();
        let same_origin = client.put(app.url(WRITE)).header("origin", format!("http://{host}"))
            .json(&wrong_password()).send().await.unwrap();
        assert_eq!(same_origin.status(), StatusCode::UNPROCESSABLE_ENTITY, "same origin");
        let same_site = client.put(app.url(WRITE)).header("sec-fetch-site", "same-origin")
            .json(&wrong_password()).send().await.unwrap();
        assert_eq!(same_site.status(), StatusCode::UNPROCESSABLE_ENTITY, "Sec-Fetch-Site");

        // A cross-site form can send text/plain without a preflight: refused even with the token.
        let text_plain = client.put(app.url(WRITE)).header("x-csrf-token", &csrf)
            .header("content-type", "text/plain").body(wrong_password().to_string())
            .send().await.unwrap();
        assert_eq!(text_plain.status(), StatusCode::FORBIDDEN, "text/plain");
        // Reading is not a write: no token needed.
        let me = client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), StatusCode::OK);
    }

    async fn a_nonsense_bearer_beside_a_session_cookie_is_unauthenticated(app: TestApp) {
        let id = app.account("beleid@voorbeeld.nl", Role::Analyst, nobody()).await;
        let client = app.login("beleid@voorbeeld.nl").await;
        let response = client.put(app.url(WRITE)).bearer_auth("nonsense")
            .header("origin", "https://kwaad.example").json(&wrong_password())
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let read = client.get(app.url("/api/v1/me")).bearer_auth("nonsense").send().await.unwrap();
        assert_eq!(read.status(), StatusCode::UNAUTHORIZED, "the cookie does not stand in");
        // A real token is its own caller and needs no CSRF token.
        let (_, token) = app.store.create_api_token(id, "test", None).await.unwrap();
        let with_token = reqwest::Client::new().put(app.url(WRITE)).bearer_auth(&token)
            .json(&wrong_password()).send().await.unwrap();
        assert_eq!(with_token.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn person_names_that_hide_themselves_are_refused_everywhere(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let id = app.account("wijkteam@voorbeeld.nl", Role::Professional,
            DistrictAssignment::Only([voorstad].into())).await;
        let (_, token) = app.store.create_api_token(id, "test", None).await.unwrap();
        for name in ["\u{200B}\u{200D}", "Jan\u{202E}nimda", "\u{2066}Els\u{2069}"] {
            let response = reqwest::Client::new().post(app.url("/api/v1/questions"))
                .bearer_auth(&token)
                .json(&json!({
                    "name": name, "phone": "0612345678", "postcode": "9901 AB",
                    "languages": ["nl"], "text": "Ik zoek gezelschap", "themes": ["eenzaamheid"],
                    "availability": ["di-ochtend"], "max_travel_m": 3000,
                }))
                .send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["codes"]["name"], "hidden_characters", "{name:?}: {body}");
        }
        // The resident's own form says so in the resident's words and keeps what was typed.
        let resident = app.browser();
        let csrf = app.csrf(&resident, "/vraag").await;
        let page = resident.post(app.url("/vraag")).form(&[
            ("csrf", csrf.as_str()), ("name", "Jan\u{202E}nimda"), ("phone", "0612345678"),
            ("postcode", "9901 AB"), ("text", "Ik zoek gezelschap"), ("themes", "eenzaamheid"),
            ("availability", "di-ochtend"), ("languages", "nl"), ("consent", "on"),
        ]).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = page.text().await.unwrap();
        assert!(html.contains("onzichtbare tekens"), "the Dutch message");
        assert!(html.contains("Ik zoek gezelschap"), "the question text is kept");
    }

    async fn an_account_name_with_a_direction_override_is_refused(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&admin, "/beheer/accounts").await;
        let page = admin.post(app.url("/beheer/accounts")).form(&[
            ("csrf", csrf.as_str()), ("email", "nieuw@voorbeeld.nl"),
            ("display_name", "Beheer\u{202E}der"), ("role", "analyst"),
        ]).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = page.text().await.unwrap();
        assert!(html.contains("leesrichting"), "the message names the problem");
        let email = kring_core::account::Email::parse("nieuw@voorbeeld.nl").unwrap();
        assert!(app.store.account_by_email(&email).await.is_err(), "no account was made");
    }
}

/// Writes `count` lines on account `account_id`: reads of districts `WK0`, `WK1`, …; every
/// third refused.
async fn audit_lines(app: &TestApp, account_id: i64, count: usize) {
    use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
    for i in 0..count {
        app.store
            .audit(AuditEntry {
                account_id: Some(account_id),
                action: AuditAction::Read,
                record_type: "district",
                record_id: &format!("WK{i}"),
                route: "GET /wijken/{code}",
                outcome: if i % 3 == 0 {
                    AuditOutcome::Denied
                } else {
                    AuditOutcome::Allowed
                },
            })
            .await
            .unwrap();
    }
}

on_every_backend! {
    async fn the_audit_log_pages_filters_reads_in_words_and_exports_itself_logged(app: TestApp) {
        let admin_id = app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        audit_lines(&app, admin_id, 250).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let first = admin.get(app.url("/beheer/audit?record_type=district")).send().await.unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        let html = first.text().await.unwrap();
        assert!(html.contains("100 regels"), "a page of 100");
        assert!(html.contains("Bekeken") && html.contains("Wijk WK249"), "labels, newest first");
        assert!(html.contains("Beheerder"), "the role in words");
        assert!(!html.contains(">read<") && !html.contains(">denied<"), "no codes");
        let marker = "href=\"/beheer/audit?record_type=district&#38;before=";
        let next = html.find(marker).unwrap_or_else(|| panic!("a link to older lines: {}", &html[html.find("kring-pages").unwrap_or(0)..]));
        let before: String = html[next + marker.len()..].chars().take_while(char::is_ascii_digit).collect();
        let second = admin.get(app.url(&format!("/beheer/audit?record_type=district&before={before}")))
            .send().await.unwrap().text().await.unwrap();
        assert!(second.contains("Wijk WK149") && !second.contains("Wijk WK150<"), "the next 100");
        assert!(second.contains("Nieuwste regels"), "a way back to the newest");

        let denied = admin.get(app.url("/beheer/audit?record_type=district&outcome=denied"))
            .send().await.unwrap().text().await.unwrap();
        assert!(denied.contains("Geweigerd") && !denied.contains("Toegestaan</td>"), "only refusals");

        let csv = admin.get(app.url("/beheer/audit.csv?record_type=district&outcome=denied"))
            .send().await.unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("auditlog.csv"));
        let csv = csv.text().await.unwrap();
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().starts_with("id,occurred_at,occurred_at_utc,account_id"));
        assert_eq!(lines.count(), 84, "every refused line, not a page");
        let jsonl = admin.get(app.url("/beheer/audit.jsonl?record_type=district"))
            .send().await.unwrap().text().await.unwrap();
        let objects: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(objects.len(), 250);
        assert_eq!(objects[0]["record_id"], "WK249");
        assert_eq!(objects[0]["account_email"], "beheer@voorbeeld.nl");
        let exports = admin.get(app.url("/beheer/audit?record_type=audit_log"))
            .send().await.unwrap().text().await.unwrap();
        assert!(exports.contains("2 regels") && exports.contains("Auditlog export"), "both exports logged");
    }
}

/// Behind HTTPS: HSTS on every answer, and a session only from the `__Host-` cookie.
#[tokio::test]
async fn behind_https_only_the_host_cookie_counts_and_hsts_is_sent() {
    for database in kring_store::testing::databases().await {
        let store = database.store.clone();
        let app = TestApp::start_config(
            store,
            kring_web::WebConfig {
                secure_cookies: true,
                ..Default::default()
            },
        )
        .await;
        app.account("beleid@voorbeeld.nl", Role::Analyst, nobody())
            .await;
        let client = app.browser();
        let login_page = client.get(app.url("/inloggen")).send().await.unwrap();
        assert_eq!(
            login_page.headers()["strict-transport-security"],
            "max-age=31536000"
        );
        // The anonymous CSRF cookie is `Secure`, so carry it by hand over this plain-HTTP test.
        let anonymous = login_page
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("kring_csrf="))
            .map(|v| v.split(';').next().unwrap().to_owned())
            .expect("an anonymous CSRF cookie");
        let login = client
            .post(app.url("/inloggen"))
            .header("cookie", format!("kring_csrf={anonymous}"))
            .form(&[
                ("email", "beleid@voorbeeld.nl"),
                ("password", PASSWORD),
                ("csrf", anonymous.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::SEE_OTHER);
        let session = login
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("__Host-kring_session="))
            .map(|v| v.split(';').next().unwrap().to_owned())
            .expect("the __Host- session cookie");
        let me = |cookie: String| {
            client
                .get(app.url("/api/v1/me"))
                .header("cookie", cookie)
                .send()
        };
        let host = me(format!("__Host-kring_session={session}")).await.unwrap();
        assert_eq!(host.status(), StatusCode::OK, "the __Host- cookie signs in");
        let tossed = me(format!("kring_session={session}")).await.unwrap();
        assert_eq!(
            tossed.status(),
            StatusCode::UNAUTHORIZED,
            "a plain cookie is refused"
        );
        database.finish().await;
    }
}
