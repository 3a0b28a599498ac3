//! The second factor on every backend: enrolment confirmed by a code, a code counted once,
//! wrong codes counted towards the login back-off, recovery codes spent once, switching off and
//! an admin's reset, the half-done login, and the setting that requires it.

use kring_core::account::{Email, Role};
use kring_core::totp::Secret;
use kring_store::account::{Account, DistrictAssignment, NewAccount};
use kring_store::account_admin::AccountEventKind;
use kring_store::on_every_backend;
use kring_store::second_factor::{CHALLENGE_SECONDS, SecondFactorCheck};
use kring_store::{Store, StoreError, now};
use std::collections::BTreeSet;

const PASSWORD: &str = "een-goed-wachtwoord";
const ROUTE: &str = "POST /account/tweede-factor";

async fn account(store: &Store, email: &str, role: Role) -> Account {
    store
        .create_account(NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: email.split('@').next().unwrap().into(),
            role,
            organisation_id: None,
            districts: DistrictAssignment::Only(BTreeSet::new()),
            password: PASSWORD.into(),
        })
        .await
        .unwrap()
}

/// Enrols an account at `at`; returns its secret and recovery codes.
async fn enrol(store: &Store, account_id: i64, at: i64) -> (Secret, Vec<String>) {
    let pending = store.start_enrolment(account_id).await.unwrap();
    let codes = store
        .confirm_enrolment(account_id, &pending.secret.code_at(at), at, ROUTE)
        .await
        .unwrap()
        .unwrap();
    (pending.secret, codes)
}

on_every_backend! {
    async fn an_enrolment_is_confirmed_by_a_code_and_hands_out_ten_recovery_codes(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        assert!(!user.totp_enrolled);
        let pending = store.start_enrolment(user.account_id).await.unwrap();
        let at = now();
        let wrong = store.confirm_enrolment(user.account_id, "000000", at, ROUTE).await.unwrap();
        let problems = wrong.unwrap_err();
        assert_eq!(problems.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["invalid"]);
        assert!(
            store.pending_enrolment(user.account_id).await.unwrap().is_some_and(|p| p.secret == pending.secret),
            "a wrong code keeps the enrolment pending with the same secret"
        );
        assert!(!store.account(user.account_id).await.unwrap().totp_enrolled);
        let codes = store
            .confirm_enrolment(user.account_id, &pending.secret.code_at(at), at, ROUTE)
            .await.unwrap().unwrap();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes.iter().collect::<BTreeSet<_>>().len(), 10, "all different");
        assert!(store.account(user.account_id).await.unwrap().totp_enrolled);
        assert!(store.pending_enrolment(user.account_id).await.unwrap().is_none());
        assert_eq!(store.recovery_codes_left(user.account_id).await.unwrap(), 10);
        let kinds: Vec<_> = store.account_events(user.account_id).await.unwrap()
            .into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [AccountEventKind::TotpEnrolled]);
    }

    async fn a_code_counts_once_and_skew_of_one_step_is_accepted(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let start = now();
        let (secret, _) = enrol(&store, user.account_id, start - 120).await;
        let check = |typed: String, at: i64| {
            let store = store.clone();
            async move { store.check_second_factor(user.account_id, &typed, at, ROUTE).await.unwrap() }
        };
        assert_eq!(check(secret.code_at(start - 30), start).await, SecondFactorCheck::Code, "one step behind");
        assert_eq!(check(secret.code_at(start - 30), start).await, SecondFactorCheck::Reused, "used once");
        assert_eq!(check(secret.code_at(start), start).await, SecondFactorCheck::Code);
        assert_eq!(check(secret.code_at(start), start + 10).await, SecondFactorCheck::Reused);
        assert_eq!(check(secret.code_at(start + 90), start + 30).await, SecondFactorCheck::Wrong, "two steps ahead");
        assert_eq!(check(secret.code_at(start + 60), start + 30).await, SecondFactorCheck::Code, "one step ahead");
    }

    async fn wrong_codes_count_towards_the_login_back_off(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let at = now();
        let (secret, _) = enrol(&store, user.account_id, at - 300).await;
        let email = Email::parse("a@voorbeeld.nl").unwrap();
        for _ in 0..4 {
            assert!(store.authenticate(&email, PASSWORD).await.unwrap().is_ok());
            assert_eq!(
                store.check_second_factor(user.account_id, "000000", at, ROUTE).await.unwrap(),
                SecondFactorCheck::Wrong
            );
        }
        assert_eq!(store.account(user.account_id).await.unwrap().failed_logins, 4,
            "the right password alone does not reset the count");
        store.check_second_factor(user.account_id, "not a code", at, ROUTE).await.unwrap();
        let locked = store.check_second_factor(user.account_id, &secret.code_at(at), at, ROUTE).await.unwrap();
        assert!(matches!(locked, SecondFactorCheck::Locked { .. }), "{locked:?}");
        store.age_lock(user.account_id, 3600).await.unwrap();
        assert_eq!(
            store.check_second_factor(user.account_id, &secret.code_at(at), at, ROUTE).await.unwrap(),
            SecondFactorCheck::Code
        );
        assert_eq!(store.account(user.account_id).await.unwrap().failed_logins, 0);
    }

    async fn a_recovery_code_is_spent_by_its_use(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let at = now();
        let (_, codes) = enrol(&store, user.account_id, at).await;
        let typed = codes[3].to_uppercase().replace('-', " ");
        assert_eq!(
            store.check_second_factor(user.account_id, &typed, at, ROUTE).await.unwrap(),
            SecondFactorCheck::RecoveryCode { remaining: 9 }
        );
        assert_eq!(
            store.check_second_factor(user.account_id, &codes[3], at, ROUTE).await.unwrap(),
            SecondFactorCheck::Wrong
        );
        let other = account(&store, "b@voorbeeld.nl", Role::Coordinator).await;
        enrol(&store, other.account_id, at).await;
        assert_eq!(
            store.check_second_factor(other.account_id, &codes[4], at, ROUTE).await.unwrap(),
            SecondFactorCheck::Wrong,
            "another account's code is no code here"
        );
    }

    async fn the_owner_switches_it_off_with_password_and_code_and_an_admin_resets_it(store: Store) {
        let admin = account(&store, "beheer@voorbeeld.nl", Role::Admin).await;
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let at = now();
        let (secret, _) = enrol(&store, user.account_id, at - 60).await;
        let refused = store
            .disable_second_factor(user.account_id, "fout", "", at, ROUTE).await.unwrap().unwrap_err();
        let fields: Vec<_> = refused.iter().map(|p| (p.field.as_str(), p.code.as_str())).collect();
        assert_eq!(fields, [("current_password", "invalid"), ("code", "required")]);
        store
            .disable_second_factor(user.account_id, PASSWORD, &secret.code_at(at), at, ROUTE)
            .await.unwrap().unwrap();
        assert!(!store.account(user.account_id).await.unwrap().totp_enrolled);
        assert_eq!(store.recovery_codes_left(user.account_id).await.unwrap(), 0);

        enrol(&store, user.account_id, at).await;
        assert!(matches!(
            store.reset_second_factor(&user.scope(), admin.account_id, ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.reset_second_factor(&admin.scope(), admin.account_id, ROUTE).await,
            Err(StoreError::Forbidden)
        ), "not one's own");
        store.reset_second_factor(&admin.scope(), user.account_id, ROUTE).await.unwrap();
        assert!(!store.account(user.account_id).await.unwrap().totp_enrolled);
        let kinds: Vec<_> = store.account_events(user.account_id).await.unwrap()
            .into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [
            AccountEventKind::TotpReset,
            AccountEventKind::TotpEnrolled,
            AccountEventKind::TotpDisabled,
            AccountEventKind::TotpEnrolled,
        ]);
    }

    async fn a_half_done_login_lasts_five_minutes_and_is_spent_once(store: Store) {
        let user = account(&store, "a@voorbeeld.nl", Role::Coordinator).await;
        let token = store.create_login_challenge(user.account_id).await.unwrap();
        assert_eq!(store.login_challenge(&token).await.unwrap(), Some(user.account_id));
        assert_eq!(store.login_challenge("something else").await.unwrap(), None);
        store.age_login_challenge(&token, CHALLENGE_SECONDS).await.unwrap();
        assert_eq!(store.login_challenge(&token).await.unwrap(), None, "expired");
        let second = store.create_login_challenge(user.account_id).await.unwrap();
        store.end_login_challenge(&second).await.unwrap();
        assert_eq!(store.login_challenge(&second).await.unwrap(), None, "spent");
    }

    async fn the_requirement_is_off_until_switched_on(store: Store) {
        assert!(!store.second_factor_required().await.unwrap());
        store.set_second_factor_required(true).await.unwrap();
        assert!(store.second_factor_required().await.unwrap());
        store.set_second_factor_required(false).await.unwrap();
        assert!(!store.second_factor_required().await.unwrap());
    }
}
