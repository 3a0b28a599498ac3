//! The demo municipality's network: organisations, venues (a buurthuis, a dorpshuis, a
//! kinderboerderij, a moestuin, an online room and more) and open offers across the themes and
//! the three districts, in the same CSV files `kring import organisations|venues|offers`
//! reads. Offer dates are written relative to the day the demo is loaded (`@DO` is the Thursday
//! four weeks back, `@UNTIL` a year ahead), so the calendar is always alive.

use crate::network_import::ImportRefused;
use crate::{Store, StoreError};
use kring_core::civil::{Date, Weekday};
use kring_core::network_csv::{parse_offers, parse_organisations, parse_venues};

pub const DEMO_ORGANISATIONS_CSV: &str = include_str!("../demo/organisations.csv");
pub const DEMO_VENUES_CSV: &str = include_str!("../demo/venues.csv");
pub const DEMO_OFFERS_CSV: &str = include_str!("../demo/offers.csv");

/// The offers file with its date tokens filled in for `today`.
pub fn demo_offers_csv(today: Date) -> String {
    let monday = today
        .add_days(-i64::from(today.weekday().days_from_monday()) - 28)
        .expect("demo dates lie near today");
    let mut text = DEMO_OFFERS_CSV.replace(
        "@UNTIL",
        &today
            .add_days(365)
            .expect("demo dates lie near today")
            .to_string(),
    );
    for day in Weekday::ALL {
        let token = format!("@{}", day.dutch_code().to_uppercase());
        let date = monday
            .add_days(i64::from(day.days_from_monday()))
            .expect("demo dates lie near today");
        text = text.replace(&token, &date.to_string());
    }
    text
}

fn refused(what: &str, error: impl std::fmt::Debug) -> StoreError {
    StoreError::Internal(format!("demo {what}: {error:?}"))
}

fn import_refused(what: &str, error: ImportRefused) -> StoreError {
    match error {
        ImportRefused::Store(error) => error,
        ImportRefused::Lines(lines) => refused(what, lines),
    }
}

impl Store {
    /// Loads the demo network; the partner organisation made earlier (by name) becomes its
    /// `org-enkhuis`.
    pub(crate) async fn load_demo_network(&self, today: Date) -> Result<(), StoreError> {
        sqlx::query(
            "update organisation set external_id = 'org-enkhuis' \
             where name = 'Buurthuis Het Enkhuis' and external_id is null",
        )
        .execute(self.pool())
        .await?;
        let none = |_: usize| {};
        let organisations = parse_organisations(DEMO_ORGANISATIONS_CSV.as_bytes());
        self.import_organisations(&organisations, &none)
            .await
            .map_err(|e| import_refused("organisations", e))?;
        let venues = parse_venues(DEMO_VENUES_CSV.as_bytes());
        self.import_venues(&venues, &none)
            .await
            .map_err(|e| import_refused("venues", e))?;
        let themes = self.active_theme_codes().await?;
        let offers = parse_offers(demo_offers_csv(today).as_bytes(), &themes);
        self.import_offers(&offers, &none)
            .await
            .map_err(|e| import_refused("offers", e))?;
        Ok(())
    }
}
