//! The account page and API: one's own password, sessions and tokens; the admin's account
//! management.

use crate::{PASSWORD, TestApp, assert_summary_in_form_order, nobody};
use kring_core::account::Role;
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "een-nieuw-lang-wachtwoord";

on_every_backend! {
    async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions(app: TestApp) {
        app.account("a@voorbeeld.nl", Role::Analyst, nobody()).await;
        let here = app.login("a@voorbeeld.nl").await;
        let elsewhere = app.login("a@voorbeeld.nl").await;
        let csrf = app.csrf(&here, "/account").await;
        let response = here.post(app.url("/account/wachtwoord"))
            .form(&[("csrf", csrf.as_str()), ("current_password", "niet-mijn-wachtwoord"),
                    ("new_password", "kort"), ("new_password_again", "anders")])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert_summary_in_form_order(&html, &["current-password", "new-password", "new-password-again"]);
        assert!(html.contains("Dit is niet uw huidige wachtwoord."), "{html}");
        assert!(html.contains("minstens 12 tekens"));
        assert!(html.contains("niet gelijk"));
        assert!(!html.contains("niet-mijn-wachtwoord"), "a typed password is never sent back");
        assert!(html.contains("typ ze opnieuw"), "and the page says so");

        let response = here.post(app.url("/account/wachtwoord"))
            .form(&[("csrf", csrf.as_str()), ("current_password", PASSWORD),
                    ("new_password", NEW_PASSWORD), ("new_password_again", NEW_PASSWORD)])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = here.get(app.url("/account?wachtwoord=gewijzigd")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Uw wachtwoord is gewijzigd"), "the session it was changed in stays");
        let response = elsewhere.get(app.url("/account")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "the other session ended");

        let client = app.browser();
        let csrf = app.csrf(&client, "/inloggen").await;
        let response = client.post(app.url("/inloggen"))
            .form(&[("email", "a@voorbeeld.nl"), ("password", NEW_PASSWORD), ("csrf", &csrf)])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "the new password signs in");
    }

    async fn the_api_changes_the_password_with_a_token(app: TestApp) {
        let id = app.account("a@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let (_, secret) = app.store.create_api_token(id, "script", None).await.unwrap();
        let session = app.login("a@voorbeeld.nl").await;
        let client = reqwest::Client::new();
        let response = client.put(app.url("/api/v1/account/password")).bearer_auth(&secret)
            .header("accept-language", "en")
            .json(&serde_json::json!({"current_password": "fout", "new_password": "kort"}))
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["current_password"], "invalid");
        assert_eq!(problem["codes"]["new_password"], "too_short");
        assert!(problem["errors"]["new_password"].as_str().unwrap().contains("at least 12"), "{problem}");
        let response = client.put(app.url("/api/v1/account/password")).bearer_auth(&secret)
            .json(&serde_json::json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let response = session.get(app.url("/account")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "every session ended");
        let response = client.get(app.url("/api/v1/me")).bearer_auth(&secret).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "the token stays");
        let response = client.put(app.url("/api/v1/account/password"))
            .json(&serde_json::json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
}

pub(crate) async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = app.csrf(client, page).await;
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend_from_slice(form);
    client
        .post(app.url(path))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

on_every_backend! {
    async fn an_admin_deactivates_an_account_and_its_session_and_token_stop_at_once(app: TestApp) {
        let admin_id = app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let user_id = app.account("a@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let (_, secret) = app.store.create_api_token(user_id, "script", None).await.unwrap();
        let user = app.login("a@voorbeeld.nl").await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let page = format!("/beheer/accounts/{user_id}");
        let html = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("script"), "the admin sees the account's token");
        assert!(html.contains("session-list"), "and its sessions");
        let response = post_form(&app, &admin, &page, &format!("{page}/uitzetten"), &[]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(user.get(app.url("/account")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "the session stopped");
        let response = reqwest::Client::new().get(app.url("/api/v1/me")).bearer_auth(&secret).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "the token stopped");
        let client = app.browser();
        let csrf = app.csrf(&client, "/inloggen").await;
        let html = client.post(app.url("/inloggen"))
            .form(&[("email", "a@voorbeeld.nl"), ("password", PASSWORD), ("csrf", &csrf)])
            .send().await.unwrap().text().await.unwrap();
        assert!(html.contains("uitgezet"), "the owner hears why");
        let html = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Uitgezet") && html.contains("Test: uitgezet"), "status and history: {html}");
        let response = post_form(&app, &admin, &page, &format!("{page}/aanzetten"), &[]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        app.login("a@voorbeeld.nl").await;

        // Oneself: refused with a clear message. (Any other admin acting is active, so the last
        // active admin can only be oneself here; the store's tests cover the rule itself.)
        let own = format!("/beheer/accounts/{admin_id}");
        let response = post_form(&app, &admin, &own, &format!("{own}/uitzetten"), &[]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.text().await.unwrap().contains("andere beheerder"));
        let response = post_form(&app, &admin, &own, &format!("{own}/rol"), &[("role", "analyst")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(app.store.account(admin_id).await.unwrap().active);
    }

    async fn a_role_change_is_refused_in_form_order_and_then_written_to_the_history(app: TestApp) {
        let (district, _) = crate::seed_areas(&app.store).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let user_id = app.account("a@voorbeeld.nl", Role::Analyst, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let page = format!("/beheer/accounts/{user_id}");
        let response = post_form(&app, &admin, &page, &format!("{page}/rol"), &[("role", "professional")]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert_summary_in_form_order(&html, &["districts"]);
        assert!(html.contains("value=\"professional\" selected"), "what was chosen stays");
        let district = district.to_string();
        let response = post_form(&app, &admin, &page, &format!("{page}/rol"), &[("role", "professional"), ("district", district.as_str())]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("rol Professional, wijken: "), "{html}");
        assert_eq!(app.store.account(user_id).await.unwrap().role, Role::Professional);
    }

    async fn a_reset_link_is_shown_once_works_once_and_says_so_after(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let user_id = app.account("a@voorbeeld.nl", Role::Analyst, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let page = format!("/beheer/accounts/{user_id}");
        let html = post_form(&app, &admin, &page, &format!("{page}/herstellink"), &[]).await.text().await.unwrap();
        let start = html.find("data-path=\"").expect("the link, shown once") + "data-path=\"".len();
        let link = html[start..].split('"').next().unwrap().to_owned();
        assert!(link.starts_with("/wachtwoord-herstellen/"));
        let again = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(!again.contains(&link), "never shown again");

        let owner = app.browser();
        let response = owner.get(app.url(&link)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let response = post_form(&app, &owner, &link, &link, &[("new_password", "kort"), ("new_password_again", "kort")]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("minstens 12"));
        let response = post_form(&app, &owner, &link, &link, &[("new_password", NEW_PASSWORD), ("new_password_again", NEW_PASSWORD)]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.text().await.unwrap().contains("ingesteld"));
        let response = owner.get(app.url(&link)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::GONE, "a second use is refused");
        assert!(response.text().await.unwrap().contains("al gebruikt"));
        let csrf = app.csrf(&owner, "/inloggen").await;
        let response = owner.post(app.url("/inloggen"))
            .form(&[("email", "a@voorbeeld.nl"), ("password", NEW_PASSWORD), ("csrf", &csrf)])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let response = app.browser().get(app.url("/wachtwoord-herstellen/onzin")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.text().await.unwrap().contains("bestaat niet"));
    }

    async fn the_owner_sees_and_ends_their_own_sessions(app: TestApp) {
        app.account("a@voorbeeld.nl", Role::Analyst, nobody()).await;
        let here = app.login("a@voorbeeld.nl").await;
        let there = app.login("a@voorbeeld.nl").await;
        let html = here.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("deze sessie"));
        let forms: Vec<String> = html.split("action=\"/account/sessies/").skip(1)
            .map(|rest| rest.split('"').next().unwrap().to_owned()).collect();
        assert_eq!(forms.len(), 2, "two sessions, each with an end button");
        // End the one that is not this one.
        let this_row = html.find("deze sessie").unwrap();
        let other = forms.iter().find(|f| {
            let at = html.find(f.as_str()).unwrap();
            !(at > this_row && at - this_row < 800)
        }).unwrap();
        let response = post_form(&app, &here, "/account", &format!("/account/sessies/{other}"), &[]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(there.get(app.url("/account")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "ended");
        assert_eq!(here.get(app.url("/account")).send().await.unwrap().status(), StatusCode::OK, "this one stays");
        let response = post_form(&app, &here, "/account", "/account/sessies/onzin/beeindigen", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
