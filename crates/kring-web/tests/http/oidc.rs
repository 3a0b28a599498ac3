//! Single sign-on against a small OpenID provider inside the test: discovery, keys, a token
//! endpoint that checks PKCE and hands out an ID token per `code`, signed with a fixed test key
//! (`oidc_keys/`, used nowhere else). A good token signs in the account with that e-mail
//! address; a token with a wrong audience, nonce, issuer, signature or an expired one is
//! refused with a page and an audit line, and makes no session. Also: an unknown user, a
//! deactivated account, a forged state, the provider's logout, and start-up errors.

use crate::{TestApp, nobody};
use axum::extract::{Form, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kring_core::account::Role;
use kring_store::audit::AuditFilter;
use kring_web::oidc::{Oidc, OidcSettings};
use openidconnect::core::{
    CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRsaPrivateSigningKey,
};
use openidconnect::{
    AdditionalClaims, Audience, EndUserEmail, IdToken, IdTokenClaims, IssuerUrl, JsonWebKeyId,
    Nonce, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// The claims a provider adds for Kring's role and districts (`--oidc-role-claim kring_role
/// --oidc-districts-claim kring_districts`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct KringClaims {
    #[serde(skip_serializing_if = "Option::is_none")]
    kring_role: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    kring_districts: Vec<String>,
}

impl AdditionalClaims for KringClaims {}

type TestIdToken = IdToken<
    KringClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

const CLIENT_ID: &str = "kring";
const CLIENT_SECRET: &str = "geheim-van-de-test";
const PROVIDER_KEY: &str = include_str!("oidc_keys/test-key-provider.pem");
const STRANGER_KEY: &str = include_str!("oidc_keys/test-key-stranger.pem");

struct Provider {
    issuer: String,
    /// The nonce and PKCE challenge of the login under way, as Kring sent them.
    nonce: Mutex<String>,
    challenge: Mutex<String>,
    /// The provider has rotated its keys: the JWKS also holds `sleutel-2`, and `rotated`
    /// tokens are signed with it.
    rotated: std::sync::atomic::AtomicBool,
}

fn signing_key(pem: &str, kid: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(kid.into()))).unwrap()
}

async fn discovery(State(provider): State<Arc<Provider>>) -> Json<Value> {
    let issuer = &provider.issuer;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

async fn jwks(State(provider): State<Arc<Provider>>) -> Json<Value> {
    let mut keys = vec![signing_key(PROVIDER_KEY, "sleutel-1").as_verification_key()];
    if provider.rotated.load(std::sync::atomic::Ordering::SeqCst) {
        keys.push(signing_key(STRANGER_KEY, "sleutel-2").as_verification_key());
    }
    Json(json!({ "keys": keys }))
}

/// The ID token for `code`: `good` (for `wijkteam@voorbeeld.nl`), `onbekend` (an address Kring
/// does not know), or a token wrong in the one way the code names.
async fn token(
    State(provider): State<Arc<Provider>>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Json<Value>, (axum::http::StatusCode, Json<Value>)> {
    let refuse = |error: &str| {
        (
            axum::http::StatusCode::BAD_REQUEST,
            Json(json!({ "error": error })),
        )
    };
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(basic.as_str()) {
        return Err(refuse("invalid_client"));
    }
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if challenge != *provider.challenge.lock().unwrap() {
        return Err(refuse("invalid_grant"));
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let now = chrono::Utc::now();
    let (mut issuer, mut audience, mut nonce) = (
        provider.issuer.clone(),
        CLIENT_ID.to_owned(),
        provider.nonce.lock().unwrap().clone(),
    );
    let (mut issued, mut expires) = (now, now + chrono::Duration::minutes(5));
    let (mut key, mut kid) = (PROVIDER_KEY, "sleutel-1");
    let mut email = "wijkteam@voorbeeld.nl";
    let mut extra = KringClaims::default();
    let role = |role: &str, districts: &[&str]| KringClaims {
        kring_role: Some(role.into()),
        kring_districts: districts.iter().map(|d| (*d).to_owned()).collect(),
    };
    match code.as_str() {
        "good" => {}
        // A user Kring does not know, a professional of Voorstad by the claims.
        "claims-new" => {
            email = "nieuw@voorbeeld.nl";
            extra = role("professional", &["WK999901"]);
        }
        // The known user, now an analyst of every district by the claims.
        "claims-analyst" => extra = role("Medewerker analyst", &["*"]),
        "claims-no-role" => extra = role("Medewerker", &[]),
        "claims-unknown-district" => extra = role("professional", &["WK999999"]),
        "onbekend" => email = "onbekend@voorbeeld.nl",
        "wrong-audience" => audience = "een-andere-toepassing".into(),
        "wrong-nonce" => nonce = "niet-de-nonce".into(),
        "wrong-issuer" => issuer = "https://kwaad.example".into(),
        // Signed with another key under the provider's key id.
        "bad-signature" => key = STRANGER_KEY,
        "rotated" => (key, kid) = (STRANGER_KEY, "sleutel-2"),
        "expired" => {
            issued = now - chrono::Duration::minutes(20);
            expires = now - chrono::Duration::minutes(10);
        }
        _ => return Err(refuse("invalid_grant")),
    }
    let claims = IdTokenClaims::<KringClaims, CoreGenderClaim>::new(
        IssuerUrl::new(issuer).unwrap(),
        vec![Audience::new(audience)],
        expires,
        issued,
        StandardClaims::new(SubjectIdentifier::new(format!("sub-{email}")))
            .set_email(Some(EndUserEmail::new(email.into())))
            .set_email_verified(Some(true)),
        extra,
    )
    .set_nonce(Some(Nonce::new(nonce)));
    let id_token = TestIdToken::new(
        claims,
        &signing_key(key, kid),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .unwrap();
    Ok(Json(json!({
        "access_token": "toegang",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token.to_string(),
    })))
}

async fn start_provider() -> Arc<Provider> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let provider = Arc::new(Provider {
        issuer: format!("http://{}", listener.local_addr().unwrap()),
        nonce: Mutex::default(),
        challenge: Mutex::default(),
        rotated: Default::default(),
    });
    let router = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/token", post(token))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    provider
}

async fn start_app(store: kring_store::Store, provider: &Provider) -> TestApp {
    start_app_with(store, provider, Default::default()).await
}

async fn start_app_with(
    store: kring_store::Store,
    provider: &Provider,
    claims: kring_web::oidc_claims::ClaimNames,
) -> TestApp {
    // Kring's address must be known before it starts: bind first, hand the listener over.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let oidc = Oidc::discover(OidcSettings {
        issuer: provider.issuer.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(CLIENT_SECRET.into()),
        public_url: base.clone(),
        claims,
    })
    .await
    .unwrap();
    let config = kring_web::WebConfig {
        oidc: Some(Arc::new(oidc)),
        ..Default::default()
    };
    let served = store.clone();
    tokio::spawn(async move { kring_web::serve(served, config, listener).await.unwrap() });
    TestApp { base, store }
}

fn query_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// Starts a login in a fresh browser and comes back from the provider with `code`; returns the
/// browser and the callback's answer.
async fn login_with(
    app: &TestApp,
    provider: &Provider,
    code: &str,
) -> (reqwest::Client, reqwest::Response) {
    let browser = app.browser();
    let start = browser.get(app.url("/inloggen/oidc")).send().await.unwrap();
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let to_provider = location(&start);
    assert!(to_provider.starts_with(&format!("{}/authorize?", provider.issuer)));
    assert_eq!(query_param(&to_provider, "code_challenge_method"), "S256");
    assert_eq!(query_param(&to_provider, "client_id"), CLIENT_ID);
    *provider.nonce.lock().unwrap() = query_param(&to_provider, "nonce");
    *provider.challenge.lock().unwrap() = query_param(&to_provider, "code_challenge");
    let state = query_param(&to_provider, "state");
    let back = browser
        .get(app.url(&format!("/inloggen/oidc/terug?code={code}&state={state}")))
        .send()
        .await
        .unwrap();
    (browser, back)
}

/// Whether the browser is signed in: `/account` answers it, or sends it to the login page.
async fn signed_in(app: &TestApp, browser: &reqwest::Client) -> bool {
    let response = browser.get(app.url("/account")).send().await.unwrap();
    response.status() == StatusCode::OK
}

async fn oidc_audit_lines(app: &TestApp, outcome: &str) -> usize {
    app.store
        .audit_events(&AuditFilter {
            record_type: Some("oidc_login".into()),
            outcome: Some(outcome.into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_id_token_wrong_in_any_way_is_refused_with_a_page_and_an_audit_line() {
    let provider = start_provider().await;
    for database in kring_store::testing::databases().await {
        let backend = database.backend();
        let app = start_app(database.store.clone(), &provider).await;
        app.account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody())
            .await;
        let cases = [
            "wrong-audience",
            "wrong-nonce",
            "wrong-issuer",
            "bad-signature",
            "expired",
        ];
        for (seen, case) in cases.into_iter().enumerate() {
            let (browser, back) = login_with(&app, &provider, case).await;
            assert_eq!(
                back.status(),
                StatusCode::UNAUTHORIZED,
                "{case} on {backend}"
            );
            let page = back.text().await.unwrap();
            assert!(
                page.contains("kon niet worden gecontroleerd"),
                "{case}: the page says so"
            );
            assert!(!signed_in(&app, &browser).await, "{case}: no session");
            assert_eq!(oidc_audit_lines(&app, "failed").await, seen + 1, "{case}");
        }
        // A key Kring has not seen is refused while the provider does not publish it…
        let (_, back) = login_with(&app, &provider, "rotated").await;
        assert_eq!(
            back.status(),
            StatusCode::UNAUTHORIZED,
            "an unpublished key"
        );
        // The same provider with a good token: signed in.
        let (browser, back) = login_with(&app, &provider, "good").await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER, "on {backend}");
        assert_eq!(location(&back), "/");
        let home = browser
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("Welkom, Test"), "signed in on {backend}");
        database.finish().await;
    }
}

#[tokio::test]
async fn a_user_without_an_account_a_deactivated_one_and_a_forged_state_get_no_session() {
    let provider = start_provider().await;
    for database in kring_store::testing::databases().await {
        let backend = database.backend();
        let app = start_app(database.store.clone(), &provider).await;
        let admin = app
            .account("beheer@voorbeeld.nl", Role::Admin, nobody())
            .await;
        let user = app
            .account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody())
            .await;

        let (browser, back) = login_with(&app, &provider, "onbekend").await;
        assert_eq!(back.status(), StatusCode::FORBIDDEN, "on {backend}");
        assert!(
            back.text()
                .await
                .unwrap()
                .contains("Uw account is nog niet in Kring ingericht; vraag de beheerder.")
        );
        assert!(!signed_in(&app, &browser).await);
        assert_eq!(oidc_audit_lines(&app, "denied").await, 1);
        let accounts = app.store.accounts().await.unwrap();
        assert_eq!(accounts.len(), 2, "no account was created");

        // A state that is not this browser's: refused before the provider is asked.
        let browser = app.browser();
        browser.get(app.url("/inloggen/oidc")).send().await.unwrap();
        let forged = browser
            .get(app.url("/inloggen/oidc/terug?code=good&state=geraden"))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
        assert!(!signed_in(&app, &browser).await);
        // A state used once is spent.
        let (browser, back) = login_with(&app, &provider, "good").await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER);
        let again = browser.get(back.url().as_str()).send().await.unwrap();
        assert_eq!(
            again.status(),
            StatusCode::BAD_REQUEST,
            "a replayed callback"
        );

        let admin = app.store.account(admin).await.unwrap().scope();
        app.store
            .deactivate_account(&admin, user, "POST /beheer/accounts/{id}")
            .await
            .unwrap();
        let (browser, back) = login_with(&app, &provider, "good").await;
        assert_eq!(
            back.status(),
            StatusCode::FORBIDDEN,
            "deactivated, on {backend}"
        );
        assert!(back.text().await.unwrap().contains("uitgezet"));
        assert!(!signed_in(&app, &browser).await);
        database.finish().await;
    }
}

#[tokio::test]
async fn logout_ends_the_session_and_continues_at_the_provider() {
    let provider = start_provider().await;
    for database in kring_store::testing::databases().await {
        let app = start_app(database.store.clone(), &provider).await;
        app.account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody())
            .await;
        let login = app
            .browser()
            .get(app.url("/inloggen"))
            .send()
            .await
            .unwrap();
        assert!(
            login
                .text()
                .await
                .unwrap()
                .contains("Inloggen met uw organisatie-account")
        );
        let (browser, _) = login_with(&app, &provider, "good").await;
        let csrf = app.csrf(&browser, "/account").await;
        let logout = browser
            .post(app.url("/uitloggen"))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(logout.status(), StatusCode::SEE_OTHER);
        let to = location(&logout);
        assert!(
            to.starts_with(&format!("{}/logout?", provider.issuer)),
            "{to}"
        );
        assert_eq!(query_param(&to, "client_id"), CLIENT_ID);
        assert_eq!(
            query_param(&to, "post_logout_redirect_uri"),
            app.url("/inloggen")
        );
        assert_eq!(query_param(&to, "id_token_hint").split('.').count(), 3);
        assert!(!signed_in(&app, &browser).await, "the Kring session ended");

        // A password login on the same server goes back to Kring's login page.
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/account").await;
        let logout = client
            .post(app.url("/uitloggen"))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&logout), "/inloggen");
        database.finish().await;
    }
}

#[tokio::test]
async fn a_provider_that_cannot_be_reached_or_names_another_issuer_stops_the_start() {
    let unreachable = Oidc::discover(OidcSettings {
        issuer: "http://127.0.0.1:9".into(),
        client_id: CLIENT_ID.into(),
        client_secret: None,
        public_url: "http://127.0.0.1:8080".into(),
        claims: Default::default(),
    })
    .await
    .unwrap_err();
    assert!(unreachable.contains("niet bereikbaar"), "{unreachable}");

    let provider = start_provider().await;
    let other = Oidc::discover(OidcSettings {
        // The same server under another name: its document names another issuer.
        issuer: provider.issuer.replace("127.0.0.1", "localhost"),
        client_id: CLIENT_ID.into(),
        client_secret: None,
        public_url: "http://127.0.0.1:8080".into(),
        claims: Default::default(),
    })
    .await
    .unwrap_err();
    assert!(other.contains("geen geldige"), "{other}");
}

#[tokio::test]
async fn a_token_signed_with_the_providers_new_key_is_checked_against_its_keys_fetched_again() {
    let provider = start_provider().await;
    let database = kring_store::testing::sqlite().await;
    let app = start_app(database.store.clone(), &provider).await;
    app.account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody())
        .await;
    provider
        .rotated
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let (browser, back) = login_with(&app, &provider, "rotated").await;
    assert_eq!(
        back.status(),
        StatusCode::SEE_OTHER,
        "the new key is fetched"
    );
    assert!(signed_in(&app, &browser).await);
    database.finish().await;
}

#[tokio::test]
async fn a_sign_in_through_the_provider_is_not_sent_to_enrol_krings_second_factor() {
    let provider = start_provider().await;
    for database in kring_store::testing::databases().await {
        let app = start_app(database.store.clone(), &provider).await;
        app.account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody())
            .await;
        app.store.set_second_factor_required(true).await.unwrap();
        // Through the provider: straight to the pages.
        let (browser, back) = login_with(&app, &provider, "good").await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER);
        let home = browser.get(app.url("/")).send().await.unwrap();
        assert_eq!(home.status(), StatusCode::OK, "no detour to the enrolment");
        // With a password the same account must enrol first.
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let home = client.get(app.url("/")).send().await.unwrap();
        assert_eq!(home.status(), StatusCode::SEE_OTHER);
        assert!(
            location(&home).starts_with("/account"),
            "{}",
            location(&home)
        );
        database.finish().await;
    }
}

#[tokio::test]
async fn the_providers_claims_give_the_role_and_districts_when_kring_is_set_up_for_them() {
    use kring_store::account_admin::AccountEventKind;
    let provider = start_provider().await;
    for database in kring_store::testing::databases().await {
        let backend = database.backend();
        let (voorstad, _) = crate::seed_areas(&database.store).await;
        let app = start_app_with(
            database.store.clone(),
            &provider,
            kring_web::oidc_claims::ClaimNames {
                role: Some("kring_role".into()),
                districts: Some("kring_districts".into()),
            },
        )
        .await;
        let known = app
            .account("wijkteam@voorbeeld.nl", Role::Coordinator, nobody())
            .await;

        // A user Kring does not know gets an account with the claims' role and district.
        let (browser, back) = login_with(&app, &provider, "claims-new").await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER, "{backend}");
        assert!(signed_in(&app, &browser).await, "{backend}");
        let email = kring_core::account::Email::parse("nieuw@voorbeeld.nl").unwrap();
        let created = app.store.account_by_email(&email).await.unwrap();
        assert_eq!(created.role, Role::Professional, "{backend}");
        assert_eq!(
            created.district_ids,
            BTreeSet::from([voorstad]),
            "{backend}"
        );
        // The second login finds it by its subject and changes nothing.
        let (_, again) = login_with(&app, &provider, "claims-new").await;
        assert_eq!(again.status(), StatusCode::SEE_OTHER, "{backend}");
        assert!(
            app.store
                .account_events(created.account_id)
                .await
                .unwrap()
                .is_empty()
        );

        // A known account takes the claims' role, with a line in its history.
        let (_, back) = login_with(&app, &provider, "claims-analyst").await;
        assert_eq!(back.status(), StatusCode::SEE_OTHER, "{backend}");
        let changed = app.store.account(known).await.unwrap();
        assert_eq!(changed.role, Role::Analyst, "{backend}");
        assert!(changed.all_districts, "{backend}");
        let events = app.store.account_events(known).await.unwrap();
        assert_eq!(
            events[0].kind,
            AccountEventKind::RoleFromProvider,
            "{backend}"
        );

        // No Kring role in the claim, or an unknown district: refused with a page, logged.
        for case in ["claims-no-role", "claims-unknown-district"] {
            let denied_before = oidc_audit_lines(&app, "denied").await;
            let (browser, back) = login_with(&app, &provider, case).await;
            assert_eq!(back.status(), StatusCode::FORBIDDEN, "{backend} {case}");
            let page = back.text().await.unwrap();
            assert!(page.contains("geen rol of wijk"), "{backend} {case}");
            assert!(!signed_in(&app, &browser).await, "{backend} {case}");
            assert_eq!(
                oidc_audit_lines(&app, "denied").await,
                denied_before + 1,
                "{backend} {case}"
            );
        }
        // The refused logins changed nothing.
        assert_eq!(
            app.store.account(known).await.unwrap().role,
            Role::Analyst,
            "{backend}"
        );
        database.finish().await;
    }
}
