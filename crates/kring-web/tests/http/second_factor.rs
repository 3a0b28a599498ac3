//! The second factor over HTTP: enrolment on `/account` (QR code, secret, a wrong code kept,
//! recovery codes once), the login's second step (a code with one step of skew, a reused code
//! refused, a recovery code once), the setting that sends whoever lacks one to the enrolment,
//! an admin's reset, and the access matrix of the new routes.

use crate::account::post_form as post;
use crate::{PASSWORD, TestApp, nobody};
use kring_core::account::Role;
use kring_core::totp::Secret;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

/// The current time, after waiting until at least ten seconds of the current 30-second step
/// are left, so that codes computed now stay in their step while the test uses them.
async fn fresh_step() -> i64 {
    let now = kring_store::now();
    let left = 30 - now.rem_euclid(30);
    if left < 10 {
        tokio::time::sleep(std::time::Duration::from_secs(left as u64 + 1)).await;
    }
    kring_store::now()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// The text of the element with this id (up to its first tag end).
fn text_of(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("#{id} in {html}"))
        + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

/// Enrols the signed-in `client` on its account page; returns the secret read from the page
/// and the recovery codes shown.
async fn enrol(app: &TestApp, client: &reqwest::Client) -> (Secret, Vec<String>) {
    let response = post(app, client, "/account", "/account/tweede-factor", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = client
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<svg") && html.contains("class=\"kring-qr\""),
        "a QR code drawn on the server"
    );
    let shown = text_of(&html, "totp-secret");
    assert!(
        shown.split(' ').all(|group| group.len() == 4),
        "groups of four: {shown}"
    );
    let secret = Secret::from_base32(&shown).unwrap();
    let now = fresh_step().await;
    let response = post(
        app,
        client,
        "/account",
        "/account/tweede-factor/bevestigen",
        &[("code", &secret.code_at(now))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    let list = &html[html
        .find("id=\"recovery-codes\"")
        .expect("the recovery codes")..];
    let list = &list[..list.find("</ul>").unwrap()];
    let codes: Vec<String> = list
        .split("<code class=\"kring-code\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

/// The first step of a login: the password. Returns the client and where it was sent.
async fn password_step(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = app.browser();
    let response = post(
        app,
        &client,
        "/inloggen",
        "/inloggen",
        &[("email", email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    (client, to)
}

async fn code_step(app: &TestApp, client: &reqwest::Client, code: &str) -> reqwest::Response {
    post(
        app,
        client,
        "/inloggen/code",
        "/inloggen/code",
        &[("code", code)],
    )
    .await
}

async fn audit_count(app: &TestApp, record_type: &str, action: &str) -> usize {
    app.store
        .audit_events(&AuditFilter {
            record_type: Some(record_type.into()),
            action: Some(action.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .len()
}

on_every_backend! {
    async fn a_user_enrols_and_then_logs_in_with_a_code(app: TestApp) {
        let user = app.account("a@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("a@voorbeeld.nl").await;
        let html = client.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"totp-start\""));

        // A wrong code keeps the enrolment: same secret, an error in the summary.
        post(&app, &client, "/account", "/account/tweede-factor", &[]).await;
        let html = client.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        let secret = text_of(&html, "totp-secret");
        let response = post(&app, &client, "/account", "/account/tweede-factor/bevestigen", &[("code", "12345")]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["totp-code"]);
        assert!(html.contains("Deze code klopt niet"));
        assert_eq!(text_of(&html, "totp-secret"), secret, "the same secret");
        let (secret, codes) = enrol(&app, &client).await;
        assert_eq!(audit_count(&app, "account_totp", "create").await, 1);

        // The password alone makes no session: on to the code page.
        let (second, to) = password_step(&app, "a@voorbeeld.nl").await;
        assert_eq!(to, "/inloggen/code");
        assert_eq!(second.get(app.url("/account")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "not signed in yet");
        let page = second.get(app.url("/inloggen/code")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.unwrap().contains("autocomplete=\"one-time-code\""));
        // One step of clock skew is accepted (a phone running ahead: the step behind counts as
        // used already, by the enrolment's own code).
        let now = fresh_step().await;
        let skewed = secret.code_at(now + 30);
        let response = code_step(&app, &second, &skewed).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/");
        assert_eq!(second.get(app.url("/account")).send().await.unwrap().status(), StatusCode::OK);

        // The same code again, within its window: refused.
        let (third, _) = password_step(&app, "a@voorbeeld.nl").await;
        let response = code_step(&app, &third, &skewed).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.text().await.unwrap().contains("al gebruikt"));
        // Two steps off: refused.
        let response = code_step(&app, &third, &secret.code_at(now + 60)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.text().await.unwrap().contains("klopt niet"));
        assert_eq!(third.get(app.url("/account")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
        assert_eq!(
            app.store.account(user).await.unwrap().failed_logins, 2,
            "wrong and reused codes count towards the account's back-off"
        );

        // A recovery code works once, and lands on the account page that counts the rest.
        let response = code_step(&app, &third, &codes[0]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/account#tweede-factor");
        let html = third.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("nog 9 herstelcodes"), "{html}");
        assert_eq!(audit_count(&app, "account_recovery_code", "update").await, 1);
        let (fourth, _) = password_step(&app, "a@voorbeeld.nl").await;
        assert_eq!(code_step(&app, &fourth, &codes[0]).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.store.account(user).await.unwrap().failed_logins, 1, "counted again after the login");
    }

    async fn a_half_done_login_is_no_login_and_switching_off_needs_password_and_code(app: TestApp) {
        app.account("a@voorbeeld.nl", Role::Guide, nobody()).await;
        let client = app.login("a@voorbeeld.nl").await;
        let (secret, _) = enrol(&app, &client).await;
        // No challenge cookie: the code page sends back to the password.
        let stranger = app.browser();
        let response = stranger.get(app.url("/inloggen/code")).send().await.unwrap();
        assert_eq!(location(&response), "/inloggen");
        let csrf = app.csrf(&stranger, "/inloggen").await;
        let response = stranger.post(app.url("/inloggen/code"))
            .form(&[("csrf", csrf.as_str()), ("code", "123456")]).send().await.unwrap();
        assert_eq!(location(&response), "/inloggen");

        let response = post(&app, &client, "/account", "/account/tweede-factor/uitzetten",
            &[("current_password", ""), ("code", "000000")]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["totp-off-current-password", "totp-off-code"]);
        // The code of the enrolment's own step is used already; the next step's is fresh.
        let now = fresh_step().await;
        let response = post(&app, &client, "/account", "/account/tweede-factor/uitzetten",
            &[("current_password", PASSWORD), ("code", &secret.code_at(now + 30))]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = client.get(app.url(&location(&response))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("De tweede factor staat uit."));
        let (_, to) = password_step(&app, "a@voorbeeld.nl").await;
        assert_eq!(to, "/", "a password alone again");
        assert_eq!(audit_count(&app, "account_totp", "delete").await, 1);
    }

    async fn the_setting_sends_whoever_lacks_a_second_factor_to_the_enrolment(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let (district, _) = crate::seed_areas(&app.store).await;
        let professional = app.account("p@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([district].into())).await;
        app.account("analist@voorbeeld.nl", Role::Analyst, nobody()).await;
        let (_, token) = app.store.create_api_token(professional, "script", None).await.unwrap();
        let admin = app.login("beheer@voorbeeld.nl").await;
        let html = admin.get(app.url("/beheer/instellingen")).send().await.unwrap().text().await.unwrap();
        let roles = &html[html.find("id=\"second-factor-roles\"").unwrap()..];
        assert!(roles.contains("Professional") && !roles[..roles.find("</ul>").unwrap()].contains("Analist"), "{roles}");
        let response = post(&app, &admin, "/beheer/instellingen", "/beheer/instellingen/tweede-factor", &[("required", "1")]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert!(app.store.second_factor_required().await.unwrap());
        assert_eq!(audit_count(&app, "second_factor_setting", "update").await, 1);

        // The admin has none either: from now on only the enrolment opens for them too.
        let response = admin.get(app.url("/beheer/instellingen")).send().await.unwrap();
        assert_eq!(location(&response), "/account#tweede-factor");

        let user = app.login("p@voorbeeld.nl").await;
        for path in ["/", "/vragen", "/beheer/audit", "/wijk"] {
            let response = user.get(app.url(path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
            assert_eq!(location(&response), "/account#tweede-factor", "{path}");
        }
        let html = user.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"totp-required\""));
        let response = post(&app, &user, "/account", "/account/tokens", &[("name", "omweg")]).await;
        assert_eq!(location(&response), "/account#tweede-factor", "no token to get around it");
        let response = user.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "nor the API with the cookie");
        let response = reqwest::Client::new().get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "a token is a credential of its own");

        let analyst = app.login("analist@voorbeeld.nl").await;
        assert_eq!(analyst.get(app.url("/")).send().await.unwrap().status(), StatusCode::OK, "analysts read figures only");

        enrol(&app, &user).await;
        assert_eq!(user.get(app.url("/")).send().await.unwrap().status(), StatusCode::OK);
    }

    async fn an_admin_sees_a_second_factor_and_resets_it(app: TestApp) {
        let admin_id = app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let user_id = app.account("a@voorbeeld.nl", Role::Coordinator, nobody()).await;
        app.account("c@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let user = app.login("a@voorbeeld.nl").await;
        enrol(&app, &user).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let page = format!("/beheer/accounts/{user_id}");
        let html = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert_eq!(text_of(&html, "account-totp"), "Aan");
        assert!(html.contains("id=\"reset-totp\""));

        // Nobody else resets it, and an admin not their own.
        let other = app.login("c@voorbeeld.nl").await;
        let csrf = app.csrf(&other, "/account").await;
        let response = other.post(app.url(&format!("{page}/tweede-factor-herstellen")))
            .form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let own = format!("/beheer/accounts/{admin_id}");
        let response = post(&app, &admin, &own, &format!("{own}/tweede-factor-herstellen"), &[]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);

        let response = post(&app, &admin, &page, &format!("{page}/tweede-factor-herstellen"), &[]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = admin.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert_eq!(text_of(&html, "account-totp"), "Uit");
        assert!(html.contains("Test: tweede factor teruggezet"), "{html}");
        assert!(!app.store.account(user_id).await.unwrap().totp_enrolled);
        let (_, to) = password_step(&app, "a@voorbeeld.nl").await;
        assert_eq!(to, "/", "the owner logs in with the password and enrols again");
    }

    async fn only_admins_change_the_setting_and_anonymous_callers_are_sent_to_log_in(app: TestApp) {
        let target = app.account("a@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let (district, _) = crate::seed_areas(&app.store).await;
        for (email, role) in [
            ("p@voorbeeld.nl", Role::Professional),
            ("c@voorbeeld.nl", Role::Coordinator),
            ("partner@voorbeeld.nl", Role::Partner),
            ("analist@voorbeeld.nl", Role::Analyst),
            ("gids@voorbeeld.nl", Role::Guide),
        ] {
            let districts = if role == Role::Professional {
                DistrictAssignment::Only([district].into())
            } else {
                nobody()
            };
            app.account(email, role, districts).await;
            let client = app.login(email).await;
            let csrf = app.csrf(&client, "/account").await;
            for path in [
                "/beheer/instellingen/tweede-factor".to_owned(),
                format!("/beheer/accounts/{target}/tweede-factor-herstellen"),
            ] {
                let response = client.post(app.url(&path))
                    .form(&[("csrf", csrf.as_str()), ("required", "1")]).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role:?} {path}");
            }
        }
        assert!(!app.store.second_factor_required().await.unwrap());
        let anonymous = app.browser();
        let csrf = app.csrf(&anonymous, "/inloggen").await;
        for path in ["/account/tweede-factor", "/account/tweede-factor/bevestigen", "/account/tweede-factor/uitzetten"] {
            let response = anonymous.post(app.url(path)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
            assert_eq!(location(&response), "/inloggen", "{path}");
        }
    }
}
