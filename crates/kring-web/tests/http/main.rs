//! HTTP tests against the real application on port 0, on SQLite and (when
//! `KRING_TEST_POSTGRES_URL` is set) PostgreSQL, each in a fresh database. One test binary with
//! a module per feature, so the application is linked once; the shared harness is here.

use kring_core::account::{Email, Role};
use kring_store::Store;
use kring_store::account::{DistrictAssignment, NewAccount};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use std::collections::BTreeSet;

pub const PASSWORD: &str = "een-goed-wachtwoord";

pub struct TestApp {
    pub base: String,
    pub store: Store,
}

pub fn nobody() -> DistrictAssignment {
    DistrictAssignment::Only(BTreeSet::new())
}

impl TestApp {
    pub async fn start(store: Store) -> Self {
        Self::start_with(store, Vec::new()).await
    }

    /// Kring behind the given reverse proxies (their `X-Forwarded-For` names the client).
    pub async fn start_with(store: Store, trusted_proxies: Vec<std::net::IpAddr>) -> Self {
        Self::start_config(
            store,
            kring_web::WebConfig {
                demo: true,
                trusted_proxies,
                ..Default::default()
            },
        )
        .await
    }

    /// Kring with the given configuration.
    pub async fn start_config(store: Store, config: kring_web::WebConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let served = store.clone();
        tokio::spawn(async move {
            kring_web::serve(served, config, listener).await.unwrap();
        });
        TestApp {
            base: format!("http://{address}"),
            store,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    pub async fn account(&self, email: &str, role: Role, districts: DistrictAssignment) -> i64 {
        let organisation_id = if role == Role::Partner {
            Some(
                self.store
                    .create_organisation(&format!("Organisatie van {email}"))
                    .await
                    .unwrap(),
            )
        } else {
            None
        };
        self.store
            .create_account(NewAccount {
                email: Email::parse(email).unwrap(),
                display_name: "Test".into(),
                role,
                organisation_id,
                districts,
                password: PASSWORD.into(),
            })
            .await
            .unwrap()
            .account_id
    }

    /// The hidden CSRF token of the first form on `path`.
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let marker = "name=\"csrf\" value=\"";
        let start = html.find(marker).expect("a form with a csrf field") + marker.len();
        html[start..].split('"').next().unwrap().to_owned()
    }

    pub async fn login(&self, email: &str) -> reqwest::Client {
        let client = self.browser();
        let csrf = self.csrf(&client, "/inloggen").await;
        let response = client
            .post(self.url("/inloggen"))
            .form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {email}");
        client
    }
}

/// The fields a refused form's error summary links to, in the order it lists them, after
/// checking the summary is the focus target (`tabindex="-1"` and `autofocus`) and that every link
/// names a field's id on the page. Also returns where each field's id stands on the page, so a
/// test can check the summary follows the form.
pub fn error_summary(html: &str) -> Vec<(String, usize)> {
    let open = "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" id=\"error-summary\" tabindex=\"-1\" autofocus>";
    let start = html
        .find(open)
        .expect("an error summary that takes the focus");
    let summary = &html[start..start + html[start..].find("</ul>").expect("the summary's list")];
    summary
        .split("href=\"#")
        .skip(1)
        .map(|rest| {
            let field = rest.split('"').next().unwrap().to_owned();
            let at = html
                .find(&format!(" id=\"{field}\""))
                .unwrap_or_else(|| panic!("the summary links to #{field}, which no element has"));
            (field, at)
        })
        .collect()
}

/// Fail unless the summary lists `expected` fields (at least) and in the order of the form.
pub fn assert_summary_in_form_order(html: &str, expected: &[&str]) {
    let links = error_summary(html);
    let fields: Vec<&str> = links.iter().map(|(f, _)| f.as_str()).collect();
    for field in expected {
        assert!(
            fields.contains(field),
            "#{field} missing from the summary {fields:?}"
        );
    }
    assert!(
        links.windows(2).all(|pair| pair[0].1 < pair[1].1),
        "the summary {fields:?} is not in the order of the form"
    );
}

pub async fn seed_areas(store: &Store) -> (i64, i64) {
    let rows =
        kring_core::area_csv::parse_areas(kring_store::demo::DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, kring_core::area::AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let districts = store.districts().await.unwrap();
    (districts[0].district_id, districts[1].district_id)
}

macro_rules! on_every_backend {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                for database in kring_store::testing::databases().await {
                    let backend = database.backend();
                    let $app = $crate::TestApp::start(database.store.clone()).await;
                    tokio::task::spawn(async move $body)
                        .await
                        .unwrap_or_else(|e| panic!("failed on {backend}: {e}"));
                    database.finish().await;
                }
            }
        )*
    };
}

// Feature modules come after the harness: `on_every_backend!` is visible only below its definition.
mod account;
mod admin;
mod agenda;
mod announcements;
mod bundling;
mod bundling_rerun;
mod caching;
mod collectives;
mod dashboard;
mod follow_up;
mod foundation;
mod hsds;
#[path = "../support/hsds_schema.rs"]
mod hsds_schema;
mod initiatives;
mod mail;
mod meetings;
mod network;
mod network_changes;
mod oidc;
mod openapi_conformance;
mod operations;
mod own_network;
mod public;
mod question_merge;
mod question_search;
mod questions;
mod referrals;
mod register;
mod residents;
mod search;
mod second_factor;
mod security;
mod signals;
mod stories;
mod upkeep;
mod volunteers;
