//! Entries that stay current, on every backend: an organisation that did not confirm within
//! the interval and the grace period vanishes from the public queries (its offers, venues and
//! the social map search; not deleted), is listed for the coordinator, and returns when it
//! confirms; only its own partner or a coordinator may confirm.

mod common;

use common::account;
use kring_core::access::AccessScope;
use kring_core::account::Role;
use kring_core::social_map::SearchInput;
use kring_core::upkeep::{UpkeepState, UpkeepTerms};
use kring_store::network::NetworkFilter;
use kring_store::offer::OfferFilter;
use kring_store::{Store, StoreError, now, on_every_backend};

async fn public_counts(store: &Store, organisation_id: i64) -> (usize, usize, usize) {
    let offers = store
        .public_offers(&OfferFilter::default())
        .await
        .unwrap()
        .iter()
        .filter(|o| o.hosts.iter().all(|h| h.organisation_id == organisation_id))
        .count();
    let venues = store
        .public_venues(&NetworkFilter::default())
        .await
        .unwrap()
        .iter()
        .filter(|v| v.organisation_id == Some(organisation_id))
        .count();
    let total = store
        .social_map_search(&SearchInput::default().check(&[]).unwrap())
        .await
        .unwrap()
        .total;
    (offers, venues, total)
}

on_every_backend! {
    async fn an_unconfirmed_organisation_vanishes_from_the_public_pages_until_it_confirms(store: Store) {
        store.load_demo().await.unwrap();
        let coordinator = account(&store, "upkeep@voorbeeld.nl", Role::Coordinator, &[]).await;
        let outsider: AccessScope = account(&store, "ander@voorbeeld.nl", Role::Partner, &[]).await;
        assert!(store.unconfirmed_organisations().await.unwrap().is_empty(), "the demo is current");
        // The organisation hosting the most offers alone.
        let offers = store.offers(&OfferFilter::default()).await.unwrap();
        let organisation_id = offers
            .iter()
            .filter(|o| o.hosts.len() == 1)
            .map(|o| o.hosts[0].organisation_id)
            .max_by_key(|id| offers.iter().filter(|o| o.hosts.len() == 1 && o.hosts[0].organisation_id == *id).count())
            .unwrap();
        let before = public_counts(&store, organisation_id).await;
        assert!(before.0 > 0, "{before:?}");
        assert_eq!(store.organisation_upkeep(organisation_id).await.unwrap().state, UpkeepState::Current);

        // Confirmed seven months ago: asked, still shown.
        let day = 86_400;
        store.set_confirmed_at(organisation_id, now() - 7 * 30 * day).await.unwrap();
        assert_eq!(store.organisation_upkeep(organisation_id).await.unwrap().state, UpkeepState::Due);
        assert_eq!(public_counts(&store, organisation_id).await, before);

        // Eight months: past the grace period, hidden from every public query, not deleted.
        store.set_confirmed_at(organisation_id, now() - 8 * 30 * day).await.unwrap();
        assert_eq!(store.organisation_upkeep(organisation_id).await.unwrap().state, UpkeepState::Overdue);
        let hidden = public_counts(&store, organisation_id).await;
        assert_eq!((hidden.0, hidden.1), (0, 0), "{hidden:?}");
        assert!(hidden.2 < before.2, "the search lost its offers: {hidden:?} {before:?}");
        assert_eq!(store.offers(&OfferFilter::default()).await.unwrap().len(), offers.len(), "not deleted");
        let listed = store.unconfirmed_organisations().await.unwrap();
        assert_eq!(listed.iter().map(|o| o.organisation_id).collect::<Vec<_>>(), vec![organisation_id]);

        // A longer grace period shows it again; back to four weeks hides it.
        store.save_upkeep_terms(UpkeepTerms::parse("6", "90").unwrap()).await.unwrap();
        assert_eq!(public_counts(&store, organisation_id).await, before);
        store.save_upkeep_terms(UpkeepTerms::default()).await.unwrap();
        assert_eq!(public_counts(&store, organisation_id).await.0, 0);

        // Only its partner or a coordinator confirms; confirming brings everything back.
        assert!(matches!(
            store.confirm_organisation(&outsider, organisation_id, "test").await,
            Err(StoreError::Forbidden)
        ));
        store.confirm_organisation(&coordinator, organisation_id, "test").await.unwrap();
        assert_eq!(public_counts(&store, organisation_id).await, before);
        assert!(store.unconfirmed_organisations().await.unwrap().is_empty());
    }
}
