//! The demo's stories: a few short stories from the past year in Voorstad and Binnenstad, with
//! the consent of the people in them; three may be shown on the district page, one is
//! internal only.

use crate::{Store, StoreError, now};
use kring_core::account::Email;
use kring_core::civil::Date;

/// A demo story: district code, title, text, days ago, consents as (person, scope).
type DemoStory = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static [(&'static str, &'static str)],
);

const STORIES: &[DemoStory] = &[
    (
        "WK999901",
        "Weer buiten met de wandelgroep",
        "Na het overlijden van mijn man kwam ik de deur niet meer uit. Nu wandel ik elke \
         donderdag met zes buren. We drinken daarna koffie in het Enkhuis. Ik kijk er de hele \
         week naar uit.",
        240,
        &[("Truus (78)", "public")],
    ),
    (
        "WK999901",
        "Moeders helpen elkaar",
        "In de huiskamer op woensdagochtend praten we over opvoeden, over school en over heimwee. \
         Fatma helpt nieuwe moeders met de formulieren; zelf kreeg ze die hulp ook toen ze hier \
         kwam wonen.",
        120,
        &[("Fatma", "public"), ("Amina", "public")],
    ),
    (
        "WK999902",
        "Samen aan de computer",
        "Op maandagmiddag leren we elkaar DigiD en bankieren op de telefoon. Kees was bang om \
         fouten te maken; nu helpt hij zelf twee anderen.",
        60,
        &[("Kees", "public")],
    ),
    (
        "WK999902",
        "Minder alleen met de mantelzorg",
        "Sinds ik in de groep voor mantelzorgers zit, weet ik dat ik niet de enige ben. We ruilen \
         tips en soms neemt iemand een middag de zorg over.",
        30,
        &[("Mevrouw Visser", "internal")],
    ),
];

impl Store {
    /// Adds the demo's stories; called by [`Store::load_demo`] after the network.
    pub(crate) async fn load_demo_stories(&self) -> Result<(), StoreError> {
        let coordinator = self
            .account_by_email(
                &Email::parse("netwerk@voorbeeld.nl")
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
            )
            .await?;
        let offers: Vec<i64> = sqlx::query_scalar("select offer_id from offer order by offer_id")
            .fetch_all(self.pool())
            .await?;
        let districts = self.districts().await?;
        let now = now();
        let mut tx = self.pool().begin().await?;
        for (n, (code, title, text, days_ago, consents)) in STORIES.iter().enumerate() {
            let district = districts
                .iter()
                .find(|d| d.code == *code)
                .ok_or_else(|| StoreError::Internal(format!("demo district {code} missing")))?;
            let at = now - days_ago * 86_400;
            let story_id: i64 = sqlx::query_scalar(
                "insert into story (district_id, offer_id, title, text, author_account_id, \
                   created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) returning story_id",
            )
            .bind(district.district_id)
            .bind(offers.get(n).copied())
            .bind(*title)
            .bind(*text)
            .bind(coordinator.account_id)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            let given_on = Date::from_unix_utc(at - 86_400)
                .map(|d| d.to_string())
                .unwrap_or_default();
            for (person, scope) in consents.iter() {
                sqlx::query(
                    "insert into story_consent (story_id, person, given_on, scope, recorded_by, \
                       created_at) values ($1, $2, $3, $4, $5, $6)",
                )
                .bind(story_id)
                .bind(*person)
                .bind(given_on.as_str())
                .bind(*scope)
                .bind(coordinator.account_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
