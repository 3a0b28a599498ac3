//! The demo's announcements between partners: a public warning about a scam going round
//! Voorstad, passed on at the library's noticeboard; a call for volunteers passed on by two
//! partners; and an activity of the partner that left "Samen Voorstad", still waiting in the
//! Enkhuis's queue and marked as from a partner that left.

use crate::network::NetworkFilter;
use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::announcement::{AnnouncementForm, PassOnForm};

const ROUTE: &str = "demo";

/// Author, kind, title, text, public, recipients, and who passed it on (organisation, channel,
/// reach).
type DemoAnnouncement = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
    &'static [(&'static str, &'static str, &'static str)],
);

const ANNOUNCEMENTS: [DemoAnnouncement; 3] = [
    (
        "Welzijn Voorbeeld",
        "warning",
        "Pas op: nepcollectanten aan de deur",
        "Er gaan mensen langs de deuren in Voorstad die geld ophalen voor een goed doel dat niet bestaat. Een echte collectant heeft een legitimatie met foto. Twijfelt u? Doe de deur niet open en bel de wijkagent.",
        true,
        &[
            "Buurthuis Het Enkhuis",
            "Bibliotheek Voorbeeld",
            "SV Voorstad",
        ],
        &[("Bibliotheek Voorbeeld", "noticeboard", "120")],
    ),
    (
        "Buurthuis Het Enkhuis",
        "volunteers",
        "Wie helpt mee met de buurtmaaltijd?",
        "Elke donderdag koken we met en voor de buurt. We zoeken mensen die willen koken, tafels dekken of afwassen, een keer of vaker.",
        false,
        &["Welzijn Voorbeeld", "SV Voorstad"],
        &[
            ("Welzijn Voorbeeld", "newsletter", "400"),
            ("SV Voorstad", "app_group", "85"),
        ],
    ),
    (
        "Thuiszorg Samen",
        "activity",
        "Voorlichting: veilig thuis met een rollator",
        "Een ergotherapeut vertelt hoe u thuis valpartijen voorkomt. Gratis, met koffie.",
        false,
        &["Buurthuis Het Enkhuis"],
        &[],
    ),
];

impl Store {
    pub(crate) async fn load_demo_announcements(
        &self,
        coordinator: &AccessScope,
    ) -> Result<(), StoreError> {
        let organisations = self
            .network_organisations(&NetworkFilter::default())
            .await?;
        let organisation = |name: &str| {
            organisations
                .iter()
                .find(|o| o.name == name)
                .map(|o| o.organisation_id.to_string())
                .ok_or_else(|| StoreError::Internal(format!("demo organisation {name} missing")))
        };
        let voorstad = self
            .districts()
            .await?
            .into_iter()
            .find(|d| d.code == "WK999901")
            .map(|d| d.district_id.to_string())
            .ok_or_else(|| StoreError::Internal("demo district WK999901 missing".into()))?;
        let internal = |e: kring_core::problem::FieldProblems| {
            StoreError::Internal(format!("demo announcement: {e:?}"))
        };
        for (author, kind, title, body, public, recipients, passed_on) in ANNOUNCEMENTS {
            let fields = AnnouncementForm {
                author_organisation_id: organisation(author)?,
                kind: kind.into(),
                title: title.into(),
                body: body.into(),
                public,
                districts: vec![voorstad.clone()],
                recipients: recipients
                    .iter()
                    .map(|r| organisation(r))
                    .collect::<Result<_, _>>()?,
                ..AnnouncementForm::default()
            }
            .check()
            .map_err(internal)?;
            let id = self
                .create_announcement(coordinator, &fields, coordinator.account_id, ROUTE)
                .await?;
            for (by, channel, reach) in passed_on {
                let pass = PassOnForm {
                    channel: (*channel).into(),
                    reach: (*reach).into(),
                }
                .check()
                .map_err(internal)?;
                let by: i64 = organisation(by)?
                    .parse()
                    .map_err(|_| StoreError::Internal("demo organisation id".into()))?;
                self.pass_on_announcement(
                    coordinator,
                    id,
                    by,
                    &pass,
                    coordinator.account_id,
                    ROUTE,
                )
                .await?;
            }
        }
        Ok(())
    }
}
