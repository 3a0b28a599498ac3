//! Accounts as admins manage them, on every backend: deactivation stops sessions and tokens at
//! once, the last active admin stays, role changes leave a history, reset links work once
//! within 24 hours.

use kring_core::access::{AccessScope, Action};
use kring_core::account::{Email, Role};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_store::account::{Account, DistrictAssignment, NewAccount};
use kring_store::account_admin::{AccountEventKind, RoleChange};
use kring_store::demo::DEMO_AREAS_CSV;
use kring_store::oidc::OidcMatch;
use kring_store::on_every_backend;
use kring_store::password::{RESET_LINK_SECONDS, ResetRefused};
use kring_store::{Store, StoreError};
use std::collections::BTreeSet;

async fn account(store: &Store, email: &str, role: Role) -> Account {
    store
        .create_account(NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: email.split('@').next().unwrap().into(),
            role,
            organisation_id: None,
            districts: DistrictAssignment::Only(BTreeSet::new()),
            password: "een-goed-wachtwoord".into(),
        })
        .await
        .unwrap()
}

const ROUTE: &str = "POST /beheer/accounts/{id}";

on_every_backend! {
    async fn a_deactivated_account_stops_at_once_and_comes_back_without_its_tokens(store: Store) {
        let admin = account(&store, "beheer@voorbeeld.nl", Role::Admin).await.scope();
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let session = store.create_session(user.account_id).await.unwrap();
        let (_, token) = store.create_api_token(user.account_id, "script", None).await.unwrap();
        store.deactivate_account(&admin, user.account_id, ROUTE).await.unwrap();
        assert!(store.session(&session.cookie_token).await.unwrap().is_none(), "the session ends");
        assert!(store.account_for_token(&token).await.unwrap().is_none(), "the token stops");
        let email = Email::parse("a@voorbeeld.nl").unwrap();
        assert_eq!(
            store.authenticate(&email, "fout-wachtwoord").await.unwrap().unwrap_err(),
            kring_store::account::LoginRefused::BadCredentials,
            "a wrong password hears nothing of it"
        );
        assert_eq!(
            store.authenticate(&email, "een-goed-wachtwoord").await.unwrap().unwrap_err(),
            kring_store::account::LoginRefused::Deactivated
        );
        assert!(!store.account(user.account_id).await.unwrap().active);
        store.reactivate_account(&admin, user.account_id, ROUTE).await.unwrap();
        assert!(store.authenticate(&email, "een-goed-wachtwoord").await.unwrap().is_ok());
        assert!(store.account_for_token(&token).await.unwrap().is_none(), "old tokens stay revoked");
        let kinds: Vec<AccountEventKind> = store.account_events(user.account_id).await.unwrap()
            .into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [AccountEventKind::Reactivated, AccountEventKind::Deactivated]);
    }

    async fn nobody_deactivates_themselves_or_the_last_active_admin(store: Store) {
        let first = account(&store, "beheer@voorbeeld.nl", Role::Admin).await;
        let second = account(&store, "beheer2@voorbeeld.nl", Role::Admin).await;
        let coordinator = account(&store, "c@voorbeeld.nl", Role::Coordinator).await;
        assert!(matches!(
            store.deactivate_account(&first.scope(), first.account_id, ROUTE).await,
            Err(StoreError::Forbidden)
        ), "not oneself");
        assert!(matches!(
            store.deactivate_account(&coordinator.scope(), second.account_id, ROUTE).await,
            Err(StoreError::Forbidden)
        ), "not a coordinator");
        store.deactivate_account(&first.scope(), second.account_id, ROUTE).await.unwrap();
        // A third admin, made a coordinator while the first is the only active admin: refused.
        let third = account(&store, "beheer3@voorbeeld.nl", Role::Admin).await;
        store.deactivate_account(&third.scope(), first.account_id, ROUTE).await.unwrap();
        let to_coordinator = RoleChange {
            role: Role::Coordinator,
            organisation_id: None,
            districts: DistrictAssignment::Only(BTreeSet::new()),
        };
        // `second` is inactive and cannot act; reactivate `first` through `third`, then try to
        // remove the last admin role.
        store.reactivate_account(&third.scope(), first.account_id, ROUTE).await.unwrap();
        store.deactivate_account(&first.scope(), third.account_id, ROUTE).await.unwrap();
        let only_admin = store.account(first.account_id).await.unwrap();
        assert!(only_admin.scope().allows(Action::ManageAccounts));
        let stranger = AccessScope { account_id: 999_999, ..only_admin.scope() };
        assert!(matches!(
            store.deactivate_account(&stranger, first.account_id, ROUTE).await,
            Err(StoreError::Conflict("last_active_admin"))
        ));
        assert!(matches!(
            store.change_account_role(&stranger, first.account_id, &to_coordinator, ROUTE).await,
            Err(StoreError::Conflict("last_active_admin"))
        ));
        assert!(store.account(first.account_id).await.unwrap().active);
    }

    async fn a_role_change_is_checked_and_leaves_a_history_line(store: Store) {
        let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).unwrap();
        store.import_areas(&rows, AreaYear::new(2026).unwrap()).await.unwrap();
        let district = store.districts().await.unwrap()[0].clone();
        let admin = account(&store, "beheer@voorbeeld.nl", Role::Admin).await;
        let user = account(&store, "a@voorbeeld.nl", Role::Analyst).await;
        let without_districts = RoleChange {
            role: Role::Professional,
            organisation_id: None,
            districts: DistrictAssignment::Only(BTreeSet::new()),
        };
        assert!(matches!(
            store.change_account_role(&admin.scope(), user.account_id, &without_districts, ROUTE).await,
            Err(StoreError::Problem(_))
        ));
        let change = RoleChange {
            districts: DistrictAssignment::Only([district.district_id].into()),
            ..without_districts
        };
        store.change_account_role(&admin.scope(), user.account_id, &change, ROUTE).await.unwrap();
        let changed = store.account(user.account_id).await.unwrap();
        assert_eq!(changed.role, Role::Professional);
        assert!(changed.scope().allows(Action::WorkInDistrict(district.district_id)));
        let events = store.account_events(user.account_id).await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].kind, AccountEventKind::RoleChanged);
        assert_eq!(events[0].role, Some(Role::Professional));
        assert_eq!(events[0].districts.as_deref(), Some(district.name.as_str()));
        assert_eq!(events[0].actor_name.as_deref(), Some("beheer"));
    }

    async fn a_reset_link_works_once_within_a_day(store: Store) {
        let admin = account(&store, "beheer@voorbeeld.nl", Role::Admin).await;
        let user = account(&store, "a@voorbeeld.nl", Role::Analyst).await;
        let session = store.create_session(user.account_id).await.unwrap();
        let now = kring_store::now();
        let token = store.create_password_reset(user.account_id, admin.account_id, now).await.unwrap();
        assert_eq!(store.password_reset_account("onzin", now).await.unwrap(), Err(ResetRefused::Unknown));
        assert_eq!(
            store.password_reset_account(&token, now + RESET_LINK_SECONDS).await.unwrap(),
            Err(ResetRefused::Expired)
        );
        assert_eq!(
            store.use_password_reset(&token, "nieuw-en-lang-genoeg".into(), now + RESET_LINK_SECONDS).await.unwrap(),
            Err(ResetRefused::Expired)
        );
        assert_eq!(
            store.use_password_reset(&token, "nieuw-en-lang-genoeg".into(), now + 60).await.unwrap(),
            Ok(user.account_id)
        );
        assert!(store.session(&session.cookie_token).await.unwrap().is_none(), "sessions end");
        assert_eq!(
            store.use_password_reset(&token, "nog-eens-iets-anders".into(), now + 120).await.unwrap(),
            Err(ResetRefused::Used)
        );
        let email = Email::parse("a@voorbeeld.nl").unwrap();
        assert!(store.authenticate(&email, "nieuw-en-lang-genoeg").await.unwrap().is_ok());

        // A newer link replaces an unused older one.
        let older = store.create_password_reset(user.account_id, admin.account_id, now).await.unwrap();
        let newer = store.create_password_reset(user.account_id, admin.account_id, now).await.unwrap();
        assert_eq!(store.password_reset_account(&older, now).await.unwrap(), Err(ResetRefused::Unknown));
        assert_eq!(store.password_reset_account(&newer, now).await.unwrap(), Ok(user.account_id));
    }
}

on_every_backend! {
    async fn an_owner_lists_and_ends_their_sessions(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Analyst).await;
        let here = store.create_session_from(user.account_id, Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")).await.unwrap();
        let there = store.create_session(user.account_id).await.unwrap();
        let other = account(&store, "b@voorbeeld.nl", Role::Analyst).await;
        let theirs = store.create_session(other.account_id).await.unwrap();
        let sessions = store.login_sessions(user.account_id).await.unwrap();
        assert_eq!(sessions.len(), 2);
        let mine = sessions.iter().find(|s| s.is(&here.cookie_token)).unwrap();
        assert!(mine.user_agent.as_deref().unwrap().contains("Firefox"));
        let far = sessions.iter().find(|s| s.is(&there.cookie_token)).unwrap();
        assert!(matches!(
            store.end_session_of(other.account_id, &far.key).await,
            Err(StoreError::NotFound)
        ), "not someone else's");
        store.end_session_of(user.account_id, &far.key).await.unwrap();
        assert!(store.session(&there.cookie_token).await.unwrap().is_none());
        assert!(store.session(&here.cookie_token).await.unwrap().is_some());
        let (_, token) = store.create_api_token(user.account_id, "script", None).await.unwrap();
        store.end_all_sessions(user.account_id).await.unwrap();
        assert!(store.session(&here.cookie_token).await.unwrap().is_none());
        assert!(store.account_for_token(&token).await.unwrap().is_none());
        assert!(store.session(&theirs.cookie_token).await.unwrap().is_some(), "others' sessions stay");
    }

    async fn a_provider_subject_finds_its_account_by_email_once_and_by_subject_after(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let issuer = "https://login.voorbeeld.nl/realms/gemeente";
        let email = Email::parse("a@voorbeeld.nl").unwrap();
        let matched = store.account_for_oidc(issuer, "sub-1", Some(&email)).await.unwrap();
        assert!(matches!(&matched, OidcMatch::Account(a) if a.account_id == user.account_id));
        // Later the subject alone finds it, whatever address the provider now gives.
        let renamed = Email::parse("a.nieuw@voorbeeld.nl").unwrap();
        let matched = store.account_for_oidc(issuer, "sub-1", Some(&renamed)).await.unwrap();
        assert!(matches!(&matched, OidcMatch::Account(a) if a.account_id == user.account_id));
        // Another subject of the same provider bringing the same address takes nothing over.
        assert_eq!(
            store.account_for_oidc(issuer, "sub-2", Some(&email)).await.unwrap(),
            OidcMatch::OtherSubject
        );
        // Another provider may link its own subject; an unknown address is nobody.
        let other = "https://login.microsoftonline.com/tenant/v2.0";
        assert!(matches!(
            store.account_for_oidc(other, "x", Some(&email)).await.unwrap(),
            OidcMatch::Account(_)
        ));
        let stranger = Email::parse("onbekend@voorbeeld.nl").unwrap();
        assert_eq!(
            store.account_for_oidc(issuer, "sub-3", Some(&stranger)).await.unwrap(),
            OidcMatch::Unknown
        );
        assert_eq!(store.account_for_oidc(issuer, "sub-4", None).await.unwrap(), OidcMatch::Unknown);
    }

    async fn a_session_keeps_the_id_token_it_was_opened_with(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let session = store.create_session(user.account_id).await.unwrap();
        assert_eq!(store.session_id_token(&session.cookie_token).await.unwrap(), None);
        store.set_session_id_token(&session.cookie_token, "eyJ.x.y").await.unwrap();
        assert_eq!(
            store.session_id_token(&session.cookie_token).await.unwrap().as_deref(),
            Some("eyJ.x.y")
        );
        store.delete_session(&session.cookie_token).await.unwrap();
        assert_eq!(store.session_id_token(&session.cookie_token).await.unwrap(), None);
    }
}
