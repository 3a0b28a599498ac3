//! Meedoen on every backend: an offer of time from a resident, a role on a collective, the
//! suggestion with its distance across districts, the match's steps and history, hours per
//! month, and the district scope with its audit lines.

use kring_core::account::Role;
use kring_core::collective::CollectiveForm;
use kring_core::network::VenueForm;
use kring_core::own_network::Skill;
use kring_core::problem::ProblemCode;
use kring_core::volunteer::{MatchStatus, OfferInput, OfferStatus, RoleInput, RoleStatus};
use kring_store::audit::AuditFilter;
use kring_store::volunteer::{OfferFilter, RoleOwner};
use kring_store::{StoreError, on_every_backend, today};
use std::collections::BTreeSet;

mod common;
use common::{account, known, setup};

fn offer(first_name: &str, postcode: &str, skills: &[&str]) -> OfferInput {
    OfferInput {
        first_name: first_name.into(),
        phone: "06 1234 5678".into(),
        email: String::new(),
        postcode: postcode.into(),
        availability: vec!["di-ochtend".into(), "do-middag".into()],
        skills: skills.iter().map(|s| s.to_string()).collect(),
        note: String::new(),
    }
}

on_every_backend! {
    async fn a_coordinator_matches_an_offer_of_time_to_a_role_and_hours_are_counted(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        let coordinator = account(&store, "netwerk@voorbeeld.nl", Role::Coordinator, &[voorstad, binnenstad]).await;
        let venue = VenueForm {
            name: "Buurthuis De Kring".into(),
            kind: "buurthuis".into(),
            address: "Dorpsstraat 1".into(),
            postcode: "9901AB".into(),
            ..VenueForm::default()
        }
        .check()
        .unwrap();
        let venue_id = store.create_venue(&venue, None).await.unwrap();
        let first = today().add_days(-70).unwrap();
        let fields = CollectiveForm {
            name: "Koken met de buurt".into(),
            colour: "teal".into(),
            purpose: "Samen koken en eten".into(),
            themes: vec!["eenzaamheid".into()],
            district: "WK999901".into(),
            venue_id: venue_id.to_string(),
            capacity: "10".into(),
            languages: vec!["nl".into()],
            first_date: first.to_string(),
            start: "10:00".into(),
            end: "12:00".into(),
            repeat: "weekly".into(),
            until: today().add_days(70).unwrap().to_string(),
            ..CollectiveForm::default()
        }
        .check(&known())
        .unwrap();
        let collective_id = store.create_collective(&professional, &fields, &BTreeSet::new(), "test").await.unwrap();

        // A resident of Binnenstad offers to cook on Tuesday mornings; one of Voorstad listens.
        let samira = store
            .create_volunteer_offer(&offer("Samira", "9911 AB", &["cooking"]).check().unwrap(), "ar", "test")
            .await
            .unwrap();
        store
            .create_volunteer_offer(&offer("Kees", "9902", &["listening"]).check().unwrap(), "nl", "test")
            .await
            .unwrap();
        let outside = store.create_volunteer_offer(&offer("Jan", "1234 AB", &["cooking"]).check().unwrap(), "nl", "test").await;
        assert!(matches!(outside, Err(StoreError::Problem(p)) if p.code == ProblemCode::NotInMunicipality));

        let role = RoleInput {
            title: "Kok op dinsdagochtend".into(),
            skill: "cooking".into(),
            slots: vec!["di-ochtend".into()],
            people: "1".into(),
        }
        .check()
        .unwrap();
        let owner = RoleOwner::Collective(collective_id);
        let analyst = account(&store, "cijfers@voorbeeld.nl", Role::Analyst, &[]).await;
        assert!(matches!(store.create_volunteer_role(&analyst, owner, &role, "test").await, Err(StoreError::Forbidden)));
        let role_id = store.create_volunteer_role(&professional, owner, &role, "test").await.unwrap();
        assert_eq!(store.volunteer_roles_of(owner).await.unwrap().len(), 1);

        // The coordinator sees both offers; the Voorstad professional only Kees.
        let page = store.volunteer_offers(&coordinator, &OfferFilter::default(), "test").await.unwrap();
        assert_eq!(page.total, 2);
        let mine = store.volunteer_offers(&professional, &OfferFilter::default(), "test").await.unwrap();
        assert_eq!(mine.offers.iter().map(|o| o.first_name.as_str()).collect::<Vec<_>>(), vec!["Kees"]);
        let found = store
            .volunteer_offers(&coordinator, &OfferFilter { search: Some("9911".into()), ..OfferFilter::default() }, "test")
            .await
            .unwrap();
        assert_eq!(found.offers.len(), 1);
        assert!(matches!(store.volunteer_offer(&professional, samira, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.volunteer_offers(&analyst, &OfferFilter::default(), "test").await, Err(StoreError::Forbidden)));
        let denied = store
            .audit_events(&AuditFilter { record_type: Some("volunteer_offer".into()), outcome: Some("denied".into()), ..AuditFilter::default() })
            .await
            .unwrap();
        assert_eq!(denied.len(), 2);

        // Samira is suggested for the cooking role, from another district, with the distance.
        let suggestions = store.volunteer_suggestions(&coordinator, "test").await.unwrap();
        assert_eq!(suggestions.len(), 1);
        let suggestion = &suggestions[0];
        assert_eq!(suggestion.volunteer_offer_id, samira);
        assert_eq!(suggestion.role.volunteer_role_id, role_id);
        assert!(suggestion.fit.other_district && suggestion.fit.skill);
        let metres = suggestion.fit.distance_m.unwrap();
        assert!((metres - 1_171.5).abs() < 1.0, "{metres}");

        let match_id = store.create_volunteer_match(&coordinator, samira, role_id, "test").await.unwrap();
        assert!(matches!(
            store.create_volunteer_match(&coordinator, samira, role_id, "test").await,
            Err(StoreError::Conflict("volunteer_match_pair_key"))
        ));
        assert!(store.volunteer_suggestions(&coordinator, "test").await.unwrap().is_empty());
        // No hours before the volunteer is connected.
        let early = store.record_volunteer_hours(&professional, match_id, "2026-11", 120, "test").await;
        assert!(matches!(&early, Err(StoreError::Problem(p)) if p.code == ProblemCode::NotYetHappened), "{early:?}");
        store.update_volunteer_match(&coordinator, match_id, Some(MatchStatus::Connected), "Gebeld, begint dinsdag", "test").await.unwrap();
        assert!(matches!(
            store.update_volunteer_match(&coordinator, match_id, Some(MatchStatus::Proposed), "", "test").await,
            Err(StoreError::Problem(p)) if p.code == ProblemCode::NotAllowed
        ));
        assert_eq!(store.volunteer_offer(&coordinator, samira, "test").await.unwrap().status, OfferStatus::Matched);
        let role_now = store.volunteer_role(role_id).await.unwrap();
        assert_eq!((role_now.status, role_now.connected), (RoleStatus::Filled, 1));
        assert_eq!(role_now.skill, Some(Skill::Cooking));

        // The collective's professional runs the role: records hours and sees the first name.
        store.record_volunteer_hours(&professional, match_id, "2026-10", 240, "test").await.unwrap();
        store.record_volunteer_hours(&professional, match_id, "2026-11", 120, "test").await.unwrap();
        store.record_volunteer_hours(&professional, match_id, "2026-11", 150, "test").await.unwrap();
        let seen = store.volunteer_matches_of_role(&professional, role_id, "test").await.unwrap();
        assert_eq!(seen[0].first_name, "Samira");
        let detail = store.volunteer_match(&coordinator, match_id, "test").await.unwrap();
        assert_eq!(detail.hours.iter().map(|h| h.minutes).sum::<i64>(), 390);
        assert_eq!(detail.events.len(), 2);
        assert_eq!(detail.events[1].note, "Gebeld, begint dinsdag");
        assert!(detail.other_district);
        assert_eq!(store.volunteer_matches(&coordinator, "test").await.unwrap().len(), 1);

        // The hours count in the role's district.
        assert_eq!(store.volunteer_minutes(&[voorstad], "2026-01", "2026-12").await.unwrap(), 390);
        assert_eq!(store.volunteer_minutes(&[voorstad], "2026-11", "2026-11").await.unwrap(), 150);
        assert_eq!(store.volunteer_minutes(&[binnenstad], "2026-01", "2026-12").await.unwrap(), 0);
    }

    async fn an_offer_of_time_is_cleared_a_year_after_it_was_closed(store: Store) {
        let (_, voorstad, binnenstad) = setup(&store).await;
        let coordinator = account(&store, "netwerk@voorbeeld.nl", Role::Coordinator, &[voorstad, binnenstad]).await;
        let closed = store.create_volunteer_offer(&offer("Samira", "9911 AB", &["cooking"]).check().unwrap(), "ar", "test").await.unwrap();
        let open = store.create_volunteer_offer(&offer("Kees", "9902", &["listening"]).check().unwrap(), "nl", "test").await.unwrap();
        store.set_volunteer_offer_status(&coordinator, closed, OfferStatus::Closed, "test").await.unwrap();
        let month = 2_629_800;
        let now = kring_store::now();
        let early = store.clear_expired_meedoen(now + 11 * month, "test").await.unwrap();
        assert_eq!(early.volunteer_offers, 0);
        assert_eq!(store.volunteer_offer(&coordinator, closed, "test").await.unwrap().first_name, "Samira");
        let due = store.clear_expired_meedoen(now + 13 * month, "test").await.unwrap();
        assert_eq!(due.volunteer_offers, 1);
        let cleared = store.volunteer_offer(&coordinator, closed, "test").await.unwrap();
        assert_eq!(cleared.first_name, kring_store::retention::ERASED_TEXT);
        assert_eq!((cleared.phone, cleared.email, cleared.postcode.as_str()), (None, None, "9911"));
        assert_eq!(store.volunteer_offer(&coordinator, open, "test").await.unwrap().first_name, "Kees");
        let again = store.clear_expired_meedoen(now + 13 * month, "test").await.unwrap();
        assert_eq!(again, Default::default(), "a second run clears nothing");
    }
}
