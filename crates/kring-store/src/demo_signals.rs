//! The demo's signals: a year of them from the demo partner (and a few from the network
//! coordinator), generated deterministically (a small xorshift, no random source) with
//! realistic response times — most picked up within the norm of 72 hours, some later — and
//! outcomes. Signals that became a question are linked to the demo questions that came in
//! through a signal, whose dates are moved to the day the signal was closed. The last few
//! are still in the queue: some new, two of them waiting longer than the norm.

use crate::{Store, StoreError, now};
use kring_core::account::Email;
use kring_core::signal::{ResidentInformed, SignalOutcome, SignalStatus, SignalUrgency};
use sqlx::Row;

/// Deterministic pseudo-random numbers (xorshift64*), as the demo questions use.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as usize) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How many demo signals there are.
pub const DEMO_SIGNALS: usize = 160;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

const POSTCODES: &[&str] = &[
    "9901", "9902", "9903", "9904", "9905", "9911", "9912", "9913", "9914", "9915", "9921", "9922",
    "9924", "9925",
];

/// What partners notice, each with the words they use.
const CONCERNS: &[(&[&str], &str)] = &[
    (
        &["terugtrekking"],
        "Kwam elke week naar de koffieochtend, nu al een maand niet meer gezien.",
    ),
    (
        &["terugtrekking", "eenzaamheid"],
        "Zegt dat ze de hele week niemand spreekt sinds haar man is overleden.",
    ),
    (
        &["geldzorgen"],
        "Vroeg of de activiteit ook gratis kan; vertelde over achterstand met de huur.",
    ),
    (
        &["geldzorgen", "opvoeden"],
        "Moeder vertelde dat er aan het eind van de maand geen eten meer is voor de kinderen.",
    ),
    (
        &["verwaarlozing"],
        "De tuin is verwilderd en de post stapelt zich op; meneer ziet er onverzorgd uit.",
    ),
    (
        &["verwaarlozing", "gezondheid"],
        "Mevrouw valt af en lijkt haar medicijnen te vergeten.",
    ),
    (
        &["overbelaste-mantelzorg"],
        "Zorgt alleen voor haar man met dementie en zegt dat ze het niet meer volhoudt.",
    ),
    (
        &["overbelaste-mantelzorg", "mantelzorg"],
        "Jonge mantelzorger (zoon van 15) mist vaak training omdat hij thuis moet helpen.",
    ),
    (
        &["psychisch-welzijn"],
        "Maakt een sombere indruk en zei dat het leven weinig zin meer heeft.",
    ),
    (
        &["overig", "digitale-vaardigheden"],
        "Krijgt brieven van de gemeente die hij niet begrijpt en durft niet te bellen.",
    ),
];

const DESCRIPTIONS: &[&str] = &[
    "Oudere man met rollator, woont boven de bakker",
    "Vrouw van rond de 40 met drie kinderen, komt bij de voedselbank",
    "Oudere dame met grijze kat, hoekhuis bij het speelveld",
    "Man van middelbare leeftijd, fietst elke ochtend langs het buurthuis",
];

/// One generated signal, before it is written.
struct DemoSignal {
    postcode: String,
    house_number: Option<String>,
    name: Option<String>,
    person_description: Option<String>,
    description: String,
    categories: Vec<String>,
    urgency: SignalUrgency,
    informed: ResidentInformed,
    sender: i64,
    sender_organisation: Option<i64>,
    created_at: i64,
    picked_up_at: Option<i64>,
    contact_at: Option<i64>,
    closed_at: Option<i64>,
    outcome: Option<SignalOutcome>,
    question_id: Option<i64>,
}

impl Store {
    /// Adds the demo's signals; called by [`Store::load_demo`] after the accounts and the
    /// questions.
    pub(crate) async fn load_demo_signals(&self) -> Result<(), StoreError> {
        let email = |e: &str| Email::parse(e).map_err(|e| StoreError::Internal(e.to_string()));
        let partner = self
            .account_by_email(&email("enkhuis@voorbeeld.nl")?)
            .await?;
        let coordinator = self
            .account_by_email(&email("netwerk@voorbeeld.nl")?)
            .await?;
        let professional = self
            .account_by_email(&email("wijkteam@voorbeeld.nl")?)
            .await?;
        // The demo questions that came in through a signal: the questions these signals became.
        let linked = sqlx::query(
            "select q.question_id, r.postcode, r.house_number, r.name \
             from question q join resident r on r.resident_id = q.resident_id \
             where q.source = 'signal' order by q.question_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut questions = linked
            .iter()
            .map(|row| {
                Ok((
                    row.try_get::<i64, _>("question_id")?,
                    row.try_get::<String, _>("postcode")?,
                    row.try_get::<Option<String>, _>("house_number")?,
                    row.try_get::<Option<String>, _>("name")?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?
            .into_iter();
        let now = now();
        let mut rng = Xorshift(0x5349_474E_414C_2026);
        let mut signals = Vec::with_capacity(DEMO_SIGNALS);
        let recent = 8;
        for i in 0..DEMO_SIGNALS {
            let (categories, description) = rng.pick(CONCERNS);
            let urgency = *rng.pick(&[
                SignalUrgency::Low,
                SignalUrgency::Normal,
                SignalUrgency::Normal,
                SignalUrgency::Normal,
                SignalUrgency::High,
            ]);
            let (sender, sender_organisation) = if rng.below(5) == 0 {
                (coordinator.account_id, coordinator.organisation_id)
            } else {
                (partner.account_id, partner.organisation_id)
            };
            let named = rng.below(5) < 3;
            let mut signal = DemoSignal {
                postcode: format!(
                    "{}{}",
                    rng.pick(POSTCODES),
                    rng.pick(&["AB", "AC", "BD", "CE"])
                ),
                house_number: (rng.below(4) != 0).then(|| (1 + rng.below(150)).to_string()),
                name: named.then(|| {
                    rng.pick(&[
                        "Meneer Jansen",
                        "Mevrouw De Vries",
                        "Fatma Yilmaz",
                        "Kees Bakker",
                        "Amina El Idrissi",
                        "Mevrouw Visser",
                    ])
                    .to_string()
                }),
                person_description: (!named).then(|| rng.pick(DESCRIPTIONS).to_string()),
                description: description.to_string(),
                categories: categories.iter().map(|c| c.to_string()).collect(),
                urgency,
                informed: *rng.pick(&[
                    ResidentInformed::Yes,
                    ResidentInformed::Yes,
                    ResidentInformed::No,
                    ResidentInformed::Unknown,
                ]),
                sender,
                sender_organisation,
                created_at: 0,
                picked_up_at: None,
                contact_at: None,
                closed_at: None,
                outcome: None,
                question_id: None,
            };
            if i >= DEMO_SIGNALS - recent {
                // Still in the queue: two new ones over the norm, two new within it, the rest
                // picked up or contacted and not yet closed.
                let k = i - (DEMO_SIGNALS - recent);
                signal.created_at =
                    now - [5 * DAY, 4 * DAY, 30 * HOUR, 6 * HOUR][k.min(3)] - (k as i64) * HOUR;
                if k >= 4 {
                    signal.created_at = now - (6 + k as i64) * DAY;
                    signal.picked_up_at = Some(signal.created_at + rng.between(3, 40) * HOUR);
                    if k >= 6 {
                        signal.contact_at = signal.picked_up_at.map(|at| at + 2 * DAY);
                    }
                }
                signals.push(signal);
                continue;
            }
            // Spread over the past year, oldest first.
            let span = 365 * DAY - 14 * DAY;
            signal.created_at = now - 365 * DAY
                + span * i as i64 / (DEMO_SIGNALS - recent) as i64
                + rng.between(0, 20) * HOUR;
            let within_norm = rng.below(100) < 85;
            let pick_up = if !within_norm {
                rng.between(80, 200)
            } else if urgency == SignalUrgency::High {
                rng.between(1, 24)
            } else {
                rng.between(2, 60)
            };
            let picked_up_at = signal.created_at + pick_up * HOUR;
            signal.picked_up_at = Some(picked_up_at);
            let roll = rng.below(100);
            if roll < 25 {
                // Closed straight away: already known, referred or unfounded.
                signal.closed_at = Some(picked_up_at + rng.between(1, 48) * HOUR);
                signal.outcome = Some(*rng.pick(&[
                    SignalOutcome::AlreadyKnown,
                    SignalOutcome::AlreadyKnown,
                    SignalOutcome::Referred,
                    SignalOutcome::Unfounded,
                ]));
                signals.push(signal);
                continue;
            }
            let contact_at = picked_up_at + rng.between(4, 96) * HOUR;
            signal.contact_at = Some(contact_at);
            let closed_at = contact_at + rng.between(1, 72) * HOUR;
            signal.closed_at = Some(closed_at);
            let outcome = match rng.below(100) {
                0..45 => SignalOutcome::BecameQuestion,
                45..65 => SignalOutcome::NoHelpWanted,
                65..90 => SignalOutcome::Referred,
                _ => SignalOutcome::AlreadyKnown,
            };
            signal.outcome = Some(outcome);
            if outcome == SignalOutcome::BecameQuestion {
                match questions.next() {
                    Some((question_id, postcode, house_number, name)) => {
                        signal.question_id = Some(question_id);
                        signal.postcode = postcode;
                        signal.house_number = house_number;
                        signal.person_description = name.is_none().then(|| DESCRIPTIONS[0].into());
                        signal.name = name;
                    }
                    None => signal.outcome = Some(SignalOutcome::Referred),
                }
            }
            signals.push(signal);
        }
        let locations = self.postcode_locations().await?;
        let mut tx = self.pool().begin().await?;
        for signal in &signals {
            let pc4 = &signal.postcode[..4];
            let location = locations
                .get(pc4)
                .ok_or_else(|| StoreError::Internal(format!("demo postcode {pc4} unmapped")))?;
            let status = match (signal.closed_at, signal.contact_at, signal.picked_up_at) {
                (Some(_), _, _) => SignalStatus::Closed,
                (None, Some(_), _) => SignalStatus::ContactMade,
                (None, None, Some(_)) => SignalStatus::PickedUp,
                _ => SignalStatus::New,
            };
            let updated_at = signal
                .closed_at
                .or(signal.contact_at)
                .or(signal.picked_up_at)
                .unwrap_or(signal.created_at);
            let signal_id: i64 = sqlx::query_scalar(
                "insert into signal (district_id, neighbourhood_id, postcode, house_number, name, \
                   person_description, description, urgency, resident_informed, status, outcome, \
                   question_id, sender_account_id, sender_organisation_id, picked_up_at, \
                   picked_up_by, contact_at, closed_at, created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                   $17, $18, $19, $20) returning signal_id",
            )
            .bind(location.district_id)
            .bind(location.neighbourhood_id)
            .bind(signal.postcode.as_str())
            .bind(signal.house_number.as_deref())
            .bind(signal.name.as_deref())
            .bind(signal.person_description.as_deref())
            .bind(signal.description.as_str())
            .bind(signal.urgency.code())
            .bind(signal.informed.code())
            .bind(status.code())
            .bind(signal.outcome.map(SignalOutcome::code))
            .bind(signal.question_id)
            .bind(signal.sender)
            .bind(signal.sender_organisation)
            .bind(signal.picked_up_at)
            .bind(signal.picked_up_at.map(|_| professional.account_id))
            .bind(signal.contact_at)
            .bind(signal.closed_at)
            .bind(signal.created_at)
            .bind(updated_at)
            .fetch_one(&mut *tx)
            .await?;
            for category in &signal.categories {
                sqlx::query("insert into signal_category (signal_id, category) values ($1, $2)")
                    .bind(signal_id)
                    .bind(category.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            let mut steps = vec![(
                None,
                SignalStatus::New,
                None,
                signal.sender,
                signal.created_at,
            )];
            let mut from = SignalStatus::New;
            for (to, at) in [
                (SignalStatus::PickedUp, signal.picked_up_at),
                (SignalStatus::ContactMade, signal.contact_at),
                (SignalStatus::Closed, signal.closed_at),
            ] {
                if let Some(at) = at {
                    let outcome = (to == SignalStatus::Closed)
                        .then_some(signal.outcome)
                        .flatten();
                    steps.push((Some(from), to, outcome, professional.account_id, at));
                    from = to;
                }
            }
            for (from, to, outcome, account_id, at) in steps {
                sqlx::query(
                    "insert into signal_status_event \
                       (signal_id, from_status, to_status, outcome, note, account_id, occurred_at) \
                     values ($1, $2, $3, $4, null, $5, $6)",
                )
                .bind(signal_id)
                .bind(from.map(SignalStatus::code))
                .bind(to.code())
                .bind(outcome.map(SignalOutcome::code))
                .bind(account_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            if let (Some(question_id), Some(closed_at)) = (signal.question_id, signal.closed_at) {
                // The question came in when the signal was closed.
                sqlx::query("update question set created_at = $1 where question_id = $2")
                    .bind(closed_at)
                    .bind(question_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "update question_status_event set occurred_at = $1 \
                     where question_id = $2 and from_status is null",
                )
                .bind(closed_at)
                .bind(question_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
