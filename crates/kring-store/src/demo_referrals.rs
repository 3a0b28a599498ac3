//! The demo's warm referrals and its second partner login: `welzijn@voorbeeld.nl` works for
//! Welzijn Voorbeeld, like Buurthuis Het Enkhuis a partner of Samen Voorstad, so a referral can
//! go from one partner to the other. The referrals stand in every state: one started, one
//! accepted, one waiting longer than the norm, one to the wijkteam waiting to become a
//! question, one outside the network not reached, and one a professional sent.

use crate::account::{DistrictAssignment, NewAccount};
use crate::demo::DemoAccount;
use crate::{Store, StoreError, now};
use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::referral::{ReferralForm, ReferralStatus};

/// The second demo partner: (e-mail, name, organisation).
pub(crate) const SECOND_PARTNER: (&str, &str, &str) =
    ("welzijn@voorbeeld.nl", "Wim Welzijn", "Welzijn Voorbeeld");

const DAY: i64 = 86_400;

/// One demo referral: who sends it to whom, about whom, how long ago, and the steps after it
/// (status, days after sending).
struct DemoReferral {
    from: &'static str,
    /// An organisation's name, or `None` for the wijkteam.
    to: Option<&'static str>,
    /// An offer's title of that organisation.
    offer: Option<&'static str>,
    first_name: &'static str,
    phone: &'static str,
    postcode: &'static str,
    reason: &'static str,
    consent_by: &'static str,
    consent_how: &'static str,
    days_ago: i64,
    steps: &'static [(ReferralStatus, i64, &'static str)],
}

const REFERRALS: [DemoReferral; 6] = [
    DemoReferral {
        from: "enkhuis@voorbeeld.nl",
        to: Some("Welzijn Voorbeeld"),
        offer: None,
        first_name: "Fatima",
        phone: "06 11122233",
        postcode: "",
        reason: "Komt elke dag koffie drinken maar zit thuis veel alleen; zoekt een vaste groep.",
        consent_by: "Fatima zelf",
        consent_how: "in_person",
        days_ago: 12,
        steps: &[
            (ReferralStatus::Accepted, 1, ""),
            (
                ReferralStatus::Contacted,
                2,
                "Gebeld; ze komt dinsdag naar de inloop.",
            ),
            (ReferralStatus::Started, 8, ""),
        ],
    },
    DemoReferral {
        from: "welzijn@voorbeeld.nl",
        to: Some("Buurthuis Het Enkhuis"),
        offer: None,
        first_name: "K.",
        phone: "06 44455566",
        postcode: "9903",
        reason: "Wil graag helpen bij de buurtmaaltijd.",
        consent_by: "de inwoner zelf",
        consent_how: "by_phone",
        days_ago: 3,
        steps: &[(ReferralStatus::Accepted, 1, "")],
    },
    DemoReferral {
        from: "enkhuis@voorbeeld.nl",
        to: Some("SV Voorstad"),
        offer: Some("Walking football 60+"),
        first_name: "Henk",
        phone: "06 77788899",
        postcode: "9901",
        reason: "Wil weer in beweging komen na een heupoperatie.",
        consent_by: "Henk zelf",
        consent_how: "in_person",
        days_ago: 6,
        steps: &[],
    },
    DemoReferral {
        from: "enkhuis@voorbeeld.nl",
        to: None,
        offer: None,
        first_name: "Mevr. de Vries",
        phone: "06 12121212",
        postcode: "9902",
        reason: "Kan de post niet meer bijhouden en maakt zich zorgen over rekeningen.",
        consent_by: "haar dochter, namens haar",
        consent_how: "in_writing",
        days_ago: 1,
        steps: &[],
    },
    DemoReferral {
        from: "enkhuis@voorbeeld.nl",
        to: Some("Moskee Al-Amal"),
        offer: None,
        first_name: "Yusuf",
        phone: "06 34343434",
        postcode: "",
        reason: "Zoekt contact met anderen die Arabisch spreken.",
        consent_by: "Yusuf zelf",
        consent_how: "in_person",
        days_ago: 20,
        steps: &[
            (ReferralStatus::Accepted, 2, ""),
            (
                ReferralStatus::NotReached,
                9,
                "Drie keer gebeld, geen antwoord.",
            ),
        ],
    },
    DemoReferral {
        from: "wijkteam@voorbeeld.nl",
        to: Some("Welzijn Voorbeeld"),
        offer: None,
        first_name: "Anna",
        phone: "06 56565656",
        postcode: "9901",
        reason: "Mantelzorger voor haar man; zoekt lotgenoten.",
        consent_by: "Anna zelf",
        consent_how: "by_phone",
        days_ago: 4,
        steps: &[
            (ReferralStatus::Accepted, 0, ""),
            (ReferralStatus::Contacted, 1, "Afspraak gemaakt."),
        ],
    },
];

impl Store {
    /// Adds the second partner login (to `accounts`) and the demo's referrals; called by
    /// [`Store::load_demo`] after the networks.
    pub(crate) async fn load_demo_referrals(
        &self,
        accounts: &mut Vec<DemoAccount>,
    ) -> Result<(), StoreError> {
        let internal = |e: String| StoreError::Internal(format!("demo referrals: {e}"));
        let organisation = |name: &'static str| async move {
            sqlx::query_scalar::<_, i64>("select organisation_id from organisation where name = $1")
                .bind(name)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| StoreError::Internal(format!("demo organisation {name} missing")))
        };
        let (email, name, organisation_name) = SECOND_PARTNER;
        let password = crate::secret::random_password();
        self.create_account(NewAccount {
            email: Email::parse(email).map_err(|e| internal(e.to_string()))?,
            display_name: name.into(),
            role: Role::Partner,
            organisation_id: Some(organisation(organisation_name).await?),
            districts: DistrictAssignment::Only(Default::default()),
            password: password.clone(),
        })
        .await?;
        accounts.push(DemoAccount {
            role: Role::Partner,
            email: email.into(),
            password,
        });
        let today = crate::today();
        for demo in &REFERRALS {
            let sender: AccessScope = self
                .account_by_email(&Email::parse(demo.from).map_err(|e| internal(e.to_string()))?)
                .await?
                .scope();
            let (to, to_organisation_id, offer_id) = match demo.to {
                None => ("wijkteam", String::new(), String::new()),
                Some(name) => {
                    let id = organisation(name).await?;
                    let offer = match demo.offer {
                        Some(title) => sqlx::query_scalar::<_, i64>(
                            "select o.offer_id from offer o join offer_organisation x \
                               on x.offer_id = o.offer_id \
                             where x.organisation_id = $1 and o.title = $2",
                        )
                        .bind(id)
                        .bind(title)
                        .fetch_optional(self.pool())
                        .await?
                        .map(|id| id.to_string())
                        .unwrap_or_default(),
                        None => String::new(),
                    };
                    ("organisation", id.to_string(), offer)
                }
            };
            let sent_at = now() - demo.days_ago * DAY;
            let consent_on = today.add_days(-demo.days_ago).unwrap_or(today).to_string();
            let form = ReferralForm {
                to: to.into(),
                to_organisation_id,
                offer_id,
                first_name: demo.first_name.into(),
                phone: demo.phone.into(),
                email: String::new(),
                postcode: demo.postcode.into(),
                reason: demo.reason.into(),
                consent: true,
                consent_by: demo.consent_by.into(),
                consent_on,
                consent_how: demo.consent_how.into(),
            };
            let checked = form
                .check(today)
                .map_err(|problems| internal(format!("{problems:?}")))?;
            let created = self
                .create_referral_at(&sender, &checked, sent_at, "demo")
                .await?;
            let receiver = self.demo_receiver(demo.to).await?;
            for (version, (status, after, note)) in (1..).zip(demo.steps) {
                self.change_referral_status_at(
                    &receiver,
                    created.referral_id,
                    version,
                    *status,
                    note,
                    sent_at + after * DAY + 3600,
                    "demo",
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Who moves a demo referral on: the receiving organisation's partner login, or the demo
    /// professional for the wijkteam and for organisations without a login (as a stand-in, with
    /// the organisation's scope).
    async fn demo_receiver(&self, to: Option<&'static str>) -> Result<AccessScope, StoreError> {
        let login = match to {
            Some("Buurthuis Het Enkhuis") => "enkhuis@voorbeeld.nl",
            Some("Welzijn Voorbeeld") => SECOND_PARTNER.0,
            _ => "wijkteam@voorbeeld.nl",
        };
        let mut scope = self
            .account_by_email(
                &Email::parse(login).map_err(|e| StoreError::Internal(e.to_string()))?,
            )
            .await?
            .scope();
        if let (Some(name), "wijkteam@voorbeeld.nl") = (to, login) {
            let organisation: i64 =
                sqlx::query_scalar("select organisation_id from organisation where name = $1")
                    .bind(name)
                    .fetch_one(self.pool())
                    .await?;
            scope.role = Role::Partner;
            scope.organisation_id = Some(organisation);
        }
        Ok(scope)
    }
}
