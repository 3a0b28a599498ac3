//! The network's CSV imports report every problem of a file in one run, on every backend: a
//! ragged row, a bad cell and a reference to what does not exist (or a postcode outside the
//! municipality, an unknown district) all come back together, sorted by line, and nothing lands.

use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::network_csv::CellError as LineError;
use kring_core::network_csv::{parse_offers, parse_organisations, parse_venues};
use kring_store::Store;
use kring_store::network::NetworkFilter;
use kring_store::network_import::ImportRefused;
use kring_store::offer::OfferFilter;
use kring_store::on_every_backend;

async fn seed(store: &Store) {
    let rows = parse_areas(kring_store::demo::DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
}

fn refused<T: std::fmt::Debug>(result: Result<T, ImportRefused>) -> Vec<LineError> {
    match result {
        Err(ImportRefused::Lines(lines)) => lines,
        other => panic!("expected line errors, got {other:?}"),
    }
}

/// A refused cell or a problem of the file as `field: code (args)`, a conflict in its own words.
fn said(error: &LineError) -> String {
    match &error.problem {
        Some(problem) => problem.to_string(),
        None => error.message.clone(),
    }
}

fn lines(errors: &[LineError]) -> Vec<u64> {
    errors.iter().map(|e| e.line).collect()
}

on_every_backend! {
    async fn a_short_row_a_bad_cell_and_an_unknown_reference_are_reported_together(store: Store) {
        seed(&store).await;
        let organisations = parse_organisations(b"external_id,name\norg-1,Het Enkhuis\n");
        store.import_organisations(&organisations, &|_| {}).await.unwrap();
        let themes = store.active_theme_codes().await.unwrap();
        let csv = "external_id,title,organisations,themes,first_date,start,end,venue,capacity\n\
                   o-1,Koffie,org-1,eenzaamheid,2026-12-01,10:00,11:00,,\n\
                   o-2,Kort,org-1\n\
                   o-3,Stoelgym,org-1,bewegen,2026-12-01,10:00,11:00,,-5\n\
                   o-4,Taalcafe,org-9,taal,2026-12-01,10:00,11:00,plek-9,\n";
        let errors = refused(store.import_offers(&parse_offers(csv.as_bytes(), &themes), &|_| {}).await);
        assert_eq!(lines(&errors), vec![3, 4, 5, 5], "{errors:?}");
        assert!(said(&errors[0]).starts_with("cells: invalid"), "{errors:?}");
        assert!(said(&errors[1]).starts_with("capacity"), "{errors:?}");
        assert!(said(&errors[2]).contains("org-9") || said(&errors[3]).contains("org-9"), "{errors:?}");
        assert!(errors.iter().any(|e| said(e).contains("plek-9")), "{errors:?}");
        // The good row on line 2 did not land either.
        assert!(store.offers(&OfferFilter::default()).await.unwrap().is_empty());
    }

    async fn a_postcode_outside_the_municipality_shows_next_to_field_faults(store: Store) {
        seed(&store).await;
        let venues = parse_venues(
            b"external_id,name,kind,postcode,capacity\n\
              v-1,Ver weg,buurthuis,1011 AB,\n\
              v-2,Het Enkhuis,buurthuis,9901,-5\n\
              v-3,Goed,buurthuis,9901,20\n",
        );
        let errors = refused(store.import_venues(&venues, &|_| {}).await);
        assert_eq!(lines(&errors), vec![2, 3], "{errors:?}");
        assert!(said(&errors[0]).starts_with("postcode: not_in_municipality"), "{errors:?}");
        assert!(said(&errors[1]).starts_with("capacity"), "{errors:?}");
        assert!(store.venues(&NetworkFilter::default()).await.unwrap().is_empty());
    }

    async fn an_unknown_district_shows_next_to_an_unknown_column(store: Store) {
        seed(&store).await;
        let organisations = parse_organisations(
            b"external_id,name,kind,districts,webiste\n\
              org-1,Het Enkhuis,welfare,WK999901,\n\
              org-2,Elders,kasteel,,\n\
              org-3,Ver weg,care,WK000001,\n",
        );
        let errors = refused(store.import_organisations(&organisations, &|_| {}).await);
        assert_eq!(lines(&errors), vec![1, 3, 4], "{errors:?}");
        assert!(said(&errors[0]).contains("column=webiste") && said(&errors[0]).contains("website"), "{errors:?}");
        assert!(said(&errors[1]).contains("kasteel"), "{errors:?}");
        assert!(said(&errors[2]).contains("WK000001"), "{errors:?}");
        assert!(store.network_organisations(&NetworkFilter::default()).await.unwrap().is_empty());
    }
}
