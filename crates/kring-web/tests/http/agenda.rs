//! The iCalendar feeds, read back with independent parsers: `icalendar` for the file and
//! `rrule` to expand the recurrence, so a mistake in Kring's own writer cannot hide itself.

use crate::seed_areas;
use icalendar::parser::{Component, read_calendar, unfold};
use kring_core::civil::{Date, LocalTime, local_to_unix};
use kring_core::network::{OfferForm, OrganisationForm, VenueForm};
use kring_store::Store;
use kring_store::offer::{OfferLinks, SessionChange};
use reqwest::StatusCode;
use rrule::RRuleSet;
use std::collections::BTreeSet;

const TITLE: &str = "<b>Stoelgym</b>; koffie, thee & \\ meer";

/// Stoelgym on Thursdays 12:00–13:00 from 15 October to 12 November 2026, across the change
/// to winter time on 25 October, without 29 October (autumn holiday); the session of 5 November
/// is cancelled and the one of 22 October moved to Friday 14:00–15:00.
pub async fn seed_thursday_offer(store: &Store) -> i64 {
    let (voorstad, _) = seed_areas(store).await;
    let organisation = store
        .create_network_organisation(
            &OrganisationForm {
                name: "Buurthuis Het Enkhuis".into(),
                kind: "welfare".into(),
                ..OrganisationForm::default()
            }
            .check()
            .unwrap(),
            &BTreeSet::from([voorstad]),
        )
        .await
        .unwrap();
    let venue = store
        .create_venue(
            &VenueForm {
                name: "Het Enkhuis".into(),
                kind: "buurthuis".into(),
                address: "Enkweg 1".into(),
                postcode: "9901".into(),
                ..VenueForm::default()
            }
            .check()
            .unwrap(),
            Some(organisation),
        )
        .await
        .unwrap();
    let themes = store.active_theme_codes().await.unwrap();
    let fields = OfferForm {
        title: TITLE.into(),
        description: "Regel een\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:nep".into(),
        themes: vec!["bewegen".into()],
        first_date: "2026-10-15".into(),
        start: "12:00".into(),
        end: "13:00".into(),
        rrule: "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261112".into(),
        exceptions: "2026-10-29".into(),
        walk_in: true,
        ..OfferForm::default()
    }
    .check(&themes)
    .unwrap();
    let offer_id = store
        .create_offer(
            &fields,
            &OfferLinks {
                organisation_ids: BTreeSet::from([organisation]),
                venue_id: Some(venue),
            },
        )
        .await
        .unwrap();
    let sessions = store.offer_sessions(offer_id, None, None).await.unwrap();
    let on = |date: &str| {
        sessions
            .iter()
            .find(|s| s.date.to_string() == date)
            .unwrap_or_else(|| panic!("a session on {date}"))
            .offer_session_id
    };
    store
        .change_session(on("2026-11-05"), SessionChange::Cancelled, "")
        .await
        .unwrap();
    let friday = Date::parse("2026-10-23").unwrap();
    store
        .change_session(
            on("2026-10-22"),
            SessionChange::Moved {
                starts_at: local_to_unix(friday, LocalTime::parse("14:00").unwrap()),
                ends_at: local_to_unix(friday, LocalTime::parse("15:00").unwrap()),
            },
            "",
        )
        .await
        .unwrap();
    offer_id
}

fn prop<'a>(component: &'a Component<'a>, name: &str) -> String {
    component
        .find_prop(name)
        .unwrap_or_else(|| panic!("{} has no {name}", component.name))
        .val
        .to_string()
}

/// The property line as rrule reads it: name, parameters, value.
fn line(component: &Component<'_>, name: &str) -> Option<String> {
    let property = component.find_prop(name)?;
    let params: String = property
        .params
        .iter()
        .map(|p| match &p.val {
            Some(val) => format!(";{}={}", p.key, val),
            None => format!(";{}", p.key),
        })
        .collect();
    Some(format!("{name}{params}:{}", property.val))
}

async fn fetch(app: &crate::TestApp, path: &str) -> (StatusCode, String, String) {
    let response = reqwest::get(app.url(path)).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

on_every_backend! {
    async fn an_offer_feed_parses_and_expands_to_the_right_thursdays(app: TestApp) {
        let offer_id = seed_thursday_offer(&app.store).await;
        let path = format!("/aanbod/{offer_id}/agenda.ics");
        let (status, content_type, text) = fetch(&app, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type, "text/calendar; charset=utf-8");
        assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF only");
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");

        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).expect("an RFC 5545 calendar");
        assert_eq!(calendar.properties.iter().find(|p| p.name == "VERSION").unwrap().val.as_str(), "2.0");
        let names: Vec<&str> = calendar.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["VTIMEZONE", "VEVENT", "VEVENT"], "the description injected nothing");
        let series = &calendar.components[1];
        let moved = &calendar.components[2];
        let uid = format!("offer-{offer_id}@gm9999.kring.invalid");
        assert_eq!(prop(series, "UID"), uid);
        assert_eq!(prop(moved, "UID"), uid);
        // TEXT values are escaped in the file and come back exactly; no HTML is interpreted.
        assert!(text.contains("SUMMARY:<b>Stoelgym</b>\\; koffie\\, thee & \\\\ meer"));
        assert_eq!(prop(series, "SUMMARY").replace("\\;", ";").replace("\\,", ",").replace("\\\\", "\\"), TITLE);
        assert!(prop(series, "DESCRIPTION").starts_with("Elke donderdag 12:00–13:00"));

        // Expand DTSTART + RRULE + EXDATE with the rrule crate, in Europe/Amsterdam.
        let rule_text = ["DTSTART", "RRULE", "EXDATE"]
            .iter()
            .filter_map(|name| line(series, name))
            .collect::<Vec<_>>()
            .join("\n");
        let set: RRuleSet = rule_text.parse().unwrap_or_else(|e| panic!("{rule_text}: {e}"));
        let dates = set.all(100).dates;
        let local: Vec<String> = dates.iter().map(|d| d.format("%Y-%m-%d %H:%M").to_string()).collect();
        assert_eq!(
            local,
            ["2026-10-15 12:00", "2026-10-22 12:00", "2026-11-12 12:00"],
            "without the holiday (29 Oct) and the cancelled session (5 Nov)"
        );
        // 12:00 stays 12:00 on the clock: 10:00 UTC in summer time, 11:00 UTC in winter time.
        let utc: Vec<String> = dates.iter().map(|d| d.with_timezone(&rrule::Tz::UTC).format("%H:%M").to_string()).collect();
        assert_eq!(utc, ["10:00", "10:00", "11:00"]);

        // The moved session replaces the 22nd by its RECURRENCE-ID.
        assert_eq!(line(moved, "RECURRENCE-ID").unwrap(), "RECURRENCE-ID;TZID=Europe/Amsterdam:20261022T120000");
        assert_eq!(line(moved, "DTSTART").unwrap(), "DTSTART;TZID=Europe/Amsterdam:20261023T140000");
        assert_eq!(line(moved, "DTEND").unwrap(), "DTEND;TZID=Europe/Amsterdam:20261023T150000");

        // The same data gives the same bytes, so calendar apps see no false change.
        let (_, _, again) = fetch(&app, &path).await;
        assert_eq!(again, text);

        // SEQUENCE and LAST-MODIFIED on both VEVENTs; the two session changes of the seed
        // raised the revision twice. Cancelling one more raises it again, with the same UID.
        let sequence = |c: &Component<'_>| prop(c, "SEQUENCE").parse::<i64>().unwrap();
        assert_eq!(sequence(series), 2);
        assert_eq!(sequence(moved), 2);
        let last_modified = prop(series, "LAST-MODIFIED");
        assert_eq!(last_modified.len(), "20261112T110000Z".len(), "{last_modified}");
        assert!(last_modified.ends_with('Z'));
        let session = app
            .store
            .offer_sessions(offer_id, None, None)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.date == Date::parse("2026-11-12").unwrap())
            .unwrap();
        app.store
            .change_session(session.offer_session_id, SessionChange::Cancelled, "")
            .await
            .unwrap();
        let (_, _, changed) = fetch(&app, &path).await;
        let unfolded = unfold(&changed);
        let calendar = read_calendar(&unfolded).unwrap();
        let series = &calendar.components[1];
        assert_eq!(prop(series, "UID"), uid);
        assert_eq!(sequence(series), 3);
        assert!(prop(series, "LAST-MODIFIED") >= last_modified);
        assert!(line(series, "EXDATE").unwrap().contains("20261112T120000"), "{changed}");
    }

    async fn a_district_feed_holds_the_offers_of_that_district_only(app: TestApp) {
        let offer_id = seed_thursday_offer(&app.store).await;
        let (status, content_type, text) = fetch(&app, "/wijk/WK999901/agenda.ics").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type, "text/calendar; charset=utf-8");
        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).expect("an RFC 5545 calendar");
        let uids: BTreeSet<String> = calendar
            .components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .map(|c| prop(c, "UID"))
            .collect();
        assert_eq!(uids, BTreeSet::from([format!("offer-{offer_id}@gm9999.kring.invalid")]));
        assert!(text.contains("X-WR-CALNAME:Voorstad · Gemeente Voorbeeld"));
        assert!(text.contains("LOCATION:Het Enkhuis\\, Enkweg 1\\, 9901"));

        let (_, _, other) = fetch(&app, "/wijk/WK999903/agenda.ics").await;
        let unfolded = unfold(&other);
        let empty = read_calendar(&unfolded).unwrap();
        assert!(empty.components.iter().all(|c| c.name != "VEVENT"));

        for path in ["/wijk/WK000000/agenda.ics", "/aanbod/999/agenda.ics", "/aanbod/x/agenda.ics"] {
            let (status, _, _) = fetch(&app, path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
    }
}
