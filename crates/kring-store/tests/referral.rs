//! Warm referrals, on every backend: a partner refers a resident to another organisation (or a
//! professional to the wijkteam of the district), only the receiver reads the resident and
//! moves the referral on, the sender sees the status only, two people never overwrite each
//! other, an organisation outside the sender's network is named, a wijkteam referral becomes a
//! question, and closed referrals lose their personal data after the retention period.

mod common;

use common::{account, question, setup};
use kring_core::account::Role;
use kring_core::network_plan::NetworkForm;
use kring_core::question::Source;
use kring_core::referral::{NewReferral, ReferralForm, ReferralStatus};
use kring_store::audit::AuditFilter;
use kring_store::question::Actor;
use kring_store::referral::{ReferralDirection, ReferralView};
use kring_store::{StoreError, on_every_backend, today};

const ROUTE: &str = "test";

fn referral(to: &str, organisation: i64, postcode: &str) -> NewReferral {
    ReferralForm {
        to: to.into(),
        to_organisation_id: organisation.to_string(),
        first_name: "Fatima".into(),
        phone: "06 12345678".into(),
        postcode: postcode.into(),
        reason: "Zoekt gezelschap op dinsdag.".into(),
        consent: true,
        consent_by: "de inwoner zelf".into(),
        consent_on: today().to_string(),
        consent_how: "in_person".into(),
        ..ReferralForm::default()
    }
    .check(today())
    .unwrap()
}

on_every_backend! {
    async fn a_referral_goes_from_one_partner_to_another_and_the_sender_sees_only_its_status(store: Store) {
        let (professional, voorstad, _) = setup(&store).await;
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let sender = account(&store, "a@voorbeeld.nl", Role::Partner, &[]).await;
        let receiver = account(&store, "b@voorbeeld.nl", Role::Partner, &[]).await;
        let outsider = account(&store, "c@voorbeeld.nl", Role::Partner, &[]).await;
        let (a, b, c) = (
            sender.organisation_id.unwrap(),
            receiver.organisation_id.unwrap(),
            outsider.organisation_id.unwrap(),
        );
        let network = NetworkForm {
            name: "Voorstad samen".into(),
            district_ids: vec![voorstad.to_string()],
            organisation_ids: vec![a.to_string(), b.to_string()],
            ..NetworkForm::default()
        };
        store.create_network(&coordinator, &network.check().unwrap(), ROUTE).await.unwrap();

        // Coordinators and analysts do not refer; an organisation does not refer to itself.
        assert!(matches!(
            store.create_referral(&coordinator, &referral("organisation", b, ""), ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.create_referral(&sender, &referral("organisation", a, ""), ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "to_organisation_id"
        ));
        assert!(matches!(
            store.create_referral(&sender, &referral("organisation", 999_999, ""), ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "to_organisation_id"
        ));
        assert!(matches!(
            store.create_referral(&sender, &referral("organisation", b, "1234AB"), ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "postcode"
        ));
        let mut with_offer = referral("organisation", b, "");
        with_offer.target = kring_core::referral::ReferralTarget::Organisation { organisation_id: b, offer_id: Some(999_999) };
        assert!(matches!(
            store.create_referral(&sender, &with_offer, ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "offer_id"
        ));

        let created = store.create_referral(&sender, &referral("organisation", b, "9901AB"), ROUTE).await.unwrap();
        assert!(!created.outside_network, "both take part in Voorstad samen");
        let outside = store.create_referral(&sender, &referral("organisation", c, ""), ROUTE).await.unwrap();
        assert!(outside.outside_network, "the third organisation is in no network with the sender");
        let id = created.referral_id;

        // The receiver lists it without the resident, and reads it in full (audited).
        let incoming = store.referrals(&receiver, ReferralDirection::Incoming).await.unwrap();
        assert_eq!(incoming.len(), 1);
        assert_eq!(incoming[0].status, ReferralStatus::Sent);
        let ReferralView::Full(full) = store.referral(&receiver, id, ROUTE).await.unwrap() else {
            panic!("the receiver reads the referral in full");
        };
        assert_eq!(full.first_name.as_deref(), Some("Fatima"));
        assert_eq!(full.summary.sender_organisation_id, Some(a));
        // The sender sees the status only; a bystander nothing.
        let outgoing = store.referrals(&sender, ReferralDirection::Outgoing).await.unwrap();
        assert_eq!(outgoing.len(), 2);
        assert!(matches!(store.referral(&sender, id, ROUTE).await.unwrap(), ReferralView::StatusOnly(_)));
        assert!(matches!(store.referral(&outsider, id, ROUTE).await, Err(StoreError::Forbidden)));
        assert!(matches!(store.referral(&professional, id, ROUTE).await, Err(StoreError::Forbidden)));
        assert!(store.referrals(&outsider, ReferralDirection::Incoming).await.unwrap().len() == 1);

        // Only the receiver moves it on; the sender cannot.
        assert!(matches!(
            store.change_referral_status(&sender, id, 1, ReferralStatus::Accepted, "", ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        // A step the journey does not allow is a problem of `status`.
        assert!(matches!(
            store.change_referral_status(&receiver, id, 1, ReferralStatus::Started, "", ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "status"
        ));
        let accepted = store.change_referral_status(&receiver, id, 1, ReferralStatus::Accepted, "", ROUTE).await.unwrap();
        assert_eq!((accepted.status, accepted.version), (ReferralStatus::Accepted, 2));
        assert!(accepted.accepted_at.is_some());
        // A colleague who still had version 1 open does not overwrite the change.
        assert!(matches!(
            store.change_referral_status(&receiver, id, 1, ReferralStatus::NotSuitable, "", ROUTE).await,
            Err(StoreError::Conflict("referral_changed"))
        ));
        store.change_referral_status(&receiver, id, 2, ReferralStatus::Contacted, "Gebeld, dinsdag langs", ROUTE).await.unwrap();
        let started = store.change_referral_status(&receiver, id, 3, ReferralStatus::Started, "", ROUTE).await.unwrap();
        assert_eq!(started.status, ReferralStatus::Started);

        let ReferralView::StatusOnly(seen) = store.referral(&sender, id, ROUTE).await.unwrap() else {
            panic!("the sender sees the status only");
        };
        assert_eq!(seen.status, ReferralStatus::Started);
        let ReferralView::Full(full) = store.referral(&receiver, id, ROUTE).await.unwrap() else {
            panic!("full");
        };
        assert_eq!(full.history.len(), 4);
        assert_eq!(full.history[2].note.as_deref(), Some("Gebeld, dinsdag langs"));
        assert!(full.response.to_pick_up.is_some() && full.response.to_contact.is_some());

        let audit = store.audit_events(&AuditFilter { limit: 1000, ..AuditFilter::default() }).await.unwrap();
        assert!(audit.iter().any(|e| e.record_type == "referral" && e.record_id == id.to_string() && e.action == "read"));
        assert!(audit.iter().any(|e| e.record_type == "referral_status" && e.outcome == "allowed"));
        assert!(audit.iter().any(|e| e.record_type == "referral_status" && e.outcome == "denied"));

        // After the retention period the closed referral keeps no personal data; the open one does.
        let later = kring_store::now() + 400 * 86_400;
        assert_eq!(store.anonymise_closed_referrals(later).await.unwrap(), 1);
        assert_eq!(store.anonymise_closed_referrals(later).await.unwrap(), 0, "once only");
        let ReferralView::Full(cleared) = store.referral(&receiver, id, ROUTE).await.unwrap() else {
            panic!("full");
        };
        assert_eq!((cleared.first_name, cleared.phone, cleared.reason), (None, None, None));
        assert_eq!(cleared.postcode.as_deref(), Some("9901"));
        assert!(cleared.history.iter().all(|e| e.note.is_none()));
        assert_eq!(cleared.summary.status, ReferralStatus::Started);
    }

    async fn a_referral_to_the_wijkteam_goes_to_the_district_and_becomes_a_question(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let sender = account(&store, "a@voorbeeld.nl", Role::Partner, &[]).await;
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let created = store.create_referral(&sender, &referral("wijkteam", 0, "9901AB"), ROUTE).await.unwrap();
        let id = created.referral_id;
        assert!(!created.outside_network);
        let incoming = store.referrals(&professional, ReferralDirection::Incoming).await.unwrap();
        assert_eq!(incoming.len(), 1);
        assert!(incoming[0].to_wijkteam());
        assert!(store.referrals(&elsewhere, ReferralDirection::Incoming).await.unwrap().is_empty());
        assert!(matches!(store.referral(&elsewhere, id, ROUTE).await, Err(StoreError::Forbidden)));
        assert!(matches!(store.referral(&professional, id, ROUTE).await.unwrap(), ReferralView::Full(_)));

        store.open_wijkteam_referral(&professional, id, ROUTE).await.unwrap();
        let made = store
            .create_question(Actor::Staff(&professional), &question("9901AB", &["bewegen"]), Source::Referral, None, ROUTE)
            .await
            .unwrap();
        store.referral_became_question(&professional, id, made.question_id, ROUTE).await.unwrap();
        let ReferralView::Full(full) = store.referral(&professional, id, ROUTE).await.unwrap() else {
            panic!("full");
        };
        assert_eq!(full.summary.status, ReferralStatus::Started);
        assert_eq!(full.question_id, Some(made.question_id));
        // Once started it cannot become a question again.
        assert!(matches!(
            store.referral_became_question(&professional, id, made.question_id, ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "status"
        ));
        // A professional refers too; their own referrals are their outgoing list.
        store.create_referral(&professional, &referral("organisation", sender.organisation_id.unwrap(), ""), ROUTE).await.unwrap();
        assert_eq!(store.referrals(&professional, ReferralDirection::Outgoing).await.unwrap().len(), 1);
    }
}
