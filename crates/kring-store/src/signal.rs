//! Signals in storage. A signal is routed by postcode to its district when it is recorded;
//! from then on only the professionals of that district read it (every read and change
//! audited, allowed or denied). The sender sees the status of their own signals and nothing
//! else. Closing as "became a question" stores the resident and the question (source
//! `signal`) in the same transaction as the status change, and links them. After the
//! retention period `Store::anonymise_closed_signals` (`signal_settings.rs`) clears the personal data of closed
//! signals and keeps what the figures need.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::question::{Created, Pending};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action, Districts};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::{NewQuestion, Source, reference};
use kring_core::signal::{
    NewSignal, PickupNorm, QuestionChoice, ResidentInformed, ResponseTimes, SignalForQuestion,
    SignalOutcome, SignalStatus, SignalTransition, SignalTransitionError, SignalUrgency,
    check_sender_note, over_norm, question_from_signal, question_themes, response_times,
    transition, waiting_seconds,
};
use kring_core::theme::ThemeCode;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, HashMap};

pub use crate::signal_settings::SignalSettings;

/// What recording a signal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalCreated {
    pub signal_id: i64,
    pub district_id: i64,
    pub district_name: String,
}

/// One line of a signal's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalEvent {
    pub from_status: Option<String>,
    pub to_status: String,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub account_name: Option<String>,
    pub occurred_at: Timestamp,
}

/// A signal with its personal data and history: what the district's professional sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    pub signal_id: i64,
    pub district_id: i64,
    pub district_code: String,
    pub district_name: String,
    pub neighbourhood_name: String,
    pub postcode: String,
    pub house_number: Option<String>,
    pub name: Option<String>,
    pub person_description: Option<String>,
    pub description: Option<String>,
    pub categories: Vec<String>,
    pub urgency: SignalUrgency,
    pub resident_informed: ResidentInformed,
    pub status: SignalStatus,
    pub outcome: Option<SignalOutcome>,
    pub question_id: Option<i64>,
    pub question_reference: Option<String>,
    pub sender_name: Option<String>,
    pub sender_organisation: Option<String>,
    pub created_at: Timestamp,
    pub picked_up_at: Option<Timestamp>,
    pub contact_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub anonymised_at: Option<Timestamp>,
    pub response: ResponseTimes,
    pub over_norm: bool,
    pub history: Vec<SignalEvent>,
}

/// What a sender sees of their own signal: that it arrived and where it stands, and their
/// own private note. Nothing about the resident, and no one else sees the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalStatusOnly {
    pub signal_id: i64,
    pub status: SignalStatus,
    /// The sender's own reference for who it was (at most 200 characters).
    pub sender_note: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A signal read by its id: in full for the district's professional, the status only for
/// its sender.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SignalView {
    Full(Box<Signal>),
    StatusOnly(SignalStatusOnly),
}

/// A signal in the team's queue: no name, address or words of the sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    pub signal_id: i64,
    pub district_code: String,
    pub district_name: String,
    pub neighbourhood_name: String,
    pub categories: Vec<String>,
    pub urgency: SignalUrgency,
    pub status: SignalStatus,
    pub outcome: Option<SignalOutcome>,
    pub resident_informed: ResidentInformed,
    pub created_at: Timestamp,
    pub picked_up_at: Option<Timestamp>,
    /// Seconds waited for pick-up (until pick-up, or until now).
    pub waiting_seconds: i64,
    pub over_norm: bool,
}

/// Which statuses a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Everything not yet closed (the default).
    #[default]
    Open,
    All,
    Only(SignalStatus),
}

/// Which signals of the caller's districts to list.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub district_id: Option<i64>,
    pub status: StatusFilter,
    pub category: Option<String>,
    pub urgency: Option<SignalUrgency>,
    pub limit: i64,
}

/// The queue: new first, then the most urgent, then the longest waiting; counts per status
/// and how many new signals are over the norm, over the whole filter (without its status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalQueue {
    pub items: Vec<QueueItem>,
    pub counts: BTreeMap<String, i64>,
    pub over_norm: i64,
    pub norm_hours: u32,
}

/// What a status change did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalChange {
    pub status: SignalStatus,
    pub outcome: Option<SignalOutcome>,
    /// The question made when the signal became one.
    pub question_id: Option<i64>,
}

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

impl Store {
    /// Records a signal from any signed-in staff member, routed by postcode to its district.
    /// A postcode outside the municipality is refused as a field error.
    pub async fn create_signal(
        &self,
        scope: &AccessScope,
        signal: &NewSignal,
        route: &str,
    ) -> Result<SignalCreated, StoreError> {
        self.create_signal_at(scope, signal, now(), route).await
    }

    /// [`Store::create_signal`] at a given instant (the demo's history).
    pub(crate) async fn create_signal_at(
        &self,
        scope: &AccessScope,
        signal: &NewSignal,
        at: Timestamp,
        route: &str,
    ) -> Result<SignalCreated, StoreError> {
        if !scope.allows(Action::RecordSignal) {
            return Err(StoreError::Forbidden);
        }
        let location = self
            .locate_postcode(&signal.postcode)
            .await?
            .ok_or_else(|| {
                let mut problem = FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
                    .with("postcode", signal.postcode.display());
                problem.form = Some("signal");
                StoreError::Problem(problem)
            })?;
        let mut tx = self.pool().begin().await?;
        let signal_id: i64 = sqlx::query_scalar(
            "insert into signal (district_id, neighbourhood_id, postcode, house_number, name, \
               person_description, description, urgency, resident_informed, status, \
               sender_account_id, sender_organisation_id, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
             returning signal_id",
        )
        .bind(location.district_id)
        .bind(location.neighbourhood_id)
        .bind(signal.postcode.as_str())
        .bind(signal.house_number.as_deref())
        .bind(signal.name.as_deref())
        .bind(signal.person_description.as_deref())
        .bind(signal.description.as_str())
        .bind(signal.urgency.code())
        .bind(signal.resident_informed.code())
        .bind(SignalStatus::New.code())
        .bind(scope.account_id)
        .bind(scope.organisation_id)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for category in &signal.categories {
            sqlx::query("insert into signal_category (signal_id, category) values ($1, $2)")
                .bind(signal_id)
                .bind(category.as_str())
                .execute(&mut *tx)
                .await?;
        }
        insert_event(
            &mut tx,
            signal_id,
            None,
            SignalStatus::New,
            None,
            None,
            Some(scope.account_id),
            at,
        )
        .await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "signal",
            record_id: &signal_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        let district_name: String =
            sqlx::query_scalar("select name from district where district_id = $1")
                .bind(location.district_id)
                .fetch_one(self.pool())
                .await?;
        Ok(SignalCreated {
            signal_id,
            district_id: location.district_id,
            district_name,
        })
    }

    /// One signal: in full for a professional of its district, the status only for its
    /// sender, `Forbidden` for anyone else. Every read is audited, allowed or denied.
    pub async fn signal(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        route: &str,
    ) -> Result<SignalView, StoreError> {
        let row = sqlx::query(
            "select district_id, sender_account_id, status, sender_note, created_at, updated_at \
             from signal where signal_id = $1",
        )
        .bind(signal_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let district_id: i64 = row.try_get("district_id")?;
        let sender: Option<i64> = row.try_get("sender_account_id")?;
        let full = scope.allows(Action::WorkInDistrict(district_id));
        let own = sender == Some(scope.account_id);
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Read,
            record_type: if full { "signal" } else { "signal_status" },
            record_id: &signal_id.to_string(),
            route,
            outcome: if full || own {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if full {
            let norm = self.signal_settings().await?.pickup_norm;
            return Ok(SignalView::Full(Box::new(
                self.load_signal(signal_id, norm).await?,
            )));
        }
        if own {
            let mut status = status_only(&row)?;
            status.signal_id = signal_id;
            return Ok(SignalView::StatusOnly(status));
        }
        Err(StoreError::Forbidden)
    }

    pub(crate) async fn load_signal(
        &self,
        signal_id: i64,
        norm: PickupNorm,
    ) -> Result<Signal, StoreError> {
        let row = sqlx::query(
            "select s.signal_id, s.district_id, d.code as district_code, d.name as district_name, \
               n.name as neighbourhood_name, s.postcode, s.house_number, s.name, \
               s.person_description, s.description, s.urgency, s.resident_informed, s.status, \
               s.outcome, s.question_id, a.display_name as sender_name, \
               o.name as sender_organisation, \
               s.created_at, s.picked_up_at, s.contact_at, s.closed_at, s.anonymised_at \
             from signal s \
             join district d on d.district_id = s.district_id \
             join neighbourhood n on n.neighbourhood_id = s.neighbourhood_id \
             left join account a on a.account_id = s.sender_account_id \
             left join organisation o on o.organisation_id = s.sender_organisation_id \
             where s.signal_id = $1",
        )
        .bind(signal_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let history = sqlx::query(
            "select e.from_status, e.to_status, e.outcome, e.note, a.display_name as account_name, \
               e.occurred_at \
             from signal_status_event e left join account a on a.account_id = e.account_id \
             where e.signal_id = $1 order by e.signal_status_event_id",
        )
        .bind(signal_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(SignalEvent {
                from_status: row.try_get("from_status")?,
                to_status: row.try_get("to_status")?,
                outcome: row.try_get("outcome")?,
                note: row.try_get("note")?,
                account_name: row.try_get("account_name")?,
                occurred_at: row.try_get("occurred_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let categories = self
            .categories_of(&[signal_id])
            .await?
            .remove(&signal_id)
            .unwrap_or_default();
        let created_at: i64 = row.try_get("created_at")?;
        let picked_up_at: Option<i64> = row.try_get("picked_up_at")?;
        let contact_at: Option<i64> = row.try_get("contact_at")?;
        let question_id: Option<i64> = row.try_get("question_id")?;
        Ok(Signal {
            signal_id,
            district_id: row.try_get("district_id")?,
            district_code: row.try_get("district_code")?,
            district_name: row.try_get("district_name")?,
            neighbourhood_name: row.try_get("neighbourhood_name")?,
            postcode: row.try_get("postcode")?,
            house_number: row.try_get("house_number")?,
            name: row.try_get("name")?,
            person_description: row.try_get("person_description")?,
            description: row.try_get("description")?,
            categories,
            urgency: SignalUrgency::parse(&row.try_get::<String, _>("urgency")?)
                .unwrap_or_default(),
            resident_informed: ResidentInformed::parse(
                &row.try_get::<String, _>("resident_informed")?,
            )
            .unwrap_or(ResidentInformed::Unknown),
            status: parse_status(&row.try_get::<String, _>("status")?)?,
            outcome: row
                .try_get::<Option<String>, _>("outcome")?
                .and_then(|o| SignalOutcome::parse(&o)),
            question_id,
            question_reference: question_id.map(reference::encode),
            sender_name: row.try_get("sender_name")?,
            sender_organisation: row.try_get("sender_organisation")?,
            created_at,
            picked_up_at,
            contact_at,
            closed_at: row.try_get("closed_at")?,
            anonymised_at: row.try_get("anonymised_at")?,
            response: response_times(created_at, picked_up_at, contact_at),
            over_norm: over_norm(created_at, picked_up_at, now(), norm),
            history,
        })
    }

    async fn categories_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, StoreError> {
        let mut categories: HashMap<i64, Vec<String>> = HashMap::new();
        if ids.is_empty() {
            return Ok(categories);
        }
        // Ids come from the database as integers, so they can be written into the SQL.
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let rows = sqlx::query(&format!(
            "select signal_id, category from signal_category where signal_id in ({list}) \
             order by category"
        ))
        .fetch_all(self.pool())
        .await?;
        for row in rows {
            categories
                .entry(row.try_get("signal_id")?)
                .or_default()
                .push(row.try_get("category")?);
        }
        Ok(categories)
    }

    /// The queue of the caller's districts. Only districts the caller works in are searched;
    /// a filter on another district finds nothing. No personal data, so not audited per line.
    pub async fn signal_queue(
        &self,
        scope: &AccessScope,
        filter: &QueueFilter,
    ) -> Result<SignalQueue, StoreError> {
        let norm = self.signal_settings().await?.pickup_norm;
        let now = now();
        let limit = if filter.limit <= 0 {
            200
        } else {
            filter.limit.min(500)
        };
        let conditions = format!(
            "{} and ($1 is null or s.district_id = $1) and ($2 is null or s.urgency = $2) \
               and ($3 is null or exists (select 1 from signal_category c \
                    where c.signal_id = s.signal_id and c.category = $3))",
            scope_clause(&scope.workable_districts())
        );
        let status_condition = match filter.status {
            StatusFilter::Open => "s.status <> 'closed'".to_owned(),
            StatusFilter::All => "1 = 1".to_owned(),
            // Codes are our own constants, never input.
            StatusFilter::Only(status) => format!("s.status = '{}'", status.code()),
        };
        let sql = format!(
            "select s.signal_id, d.code as district_code, d.name as district_name, \
               n.name as neighbourhood_name, s.urgency, s.status, s.outcome, \
               s.resident_informed, s.created_at, s.picked_up_at \
             from signal s \
             join district d on d.district_id = s.district_id \
             join neighbourhood n on n.neighbourhood_id = s.neighbourhood_id \
             where {conditions} and {status_condition} \
             order by case s.status when 'new' then 0 when 'picked_up' then 1 \
                        when 'contact_made' then 2 else 3 end, \
               case s.urgency when 'hoog' then 0 when 'normaal' then 1 else 2 end, \
               s.created_at, s.signal_id \
             limit $4"
        );
        let rows = sqlx::query(&sql)
            .bind(filter.district_id)
            .bind(filter.urgency.map(SignalUrgency::code))
            .bind(filter.category.as_deref())
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        let mut items: Vec<QueueItem> = rows
            .iter()
            .map(|row| queue_item(row, now, norm))
            .collect::<Result<_, _>>()?;
        let ids: Vec<i64> = items.iter().map(|i| i.signal_id).collect();
        let mut categories = self.categories_of(&ids).await?;
        for item in &mut items {
            item.categories = categories.remove(&item.signal_id).unwrap_or_default();
        }
        let count_rows = sqlx::query(&format!(
            "select s.status, count(*) as signals from signal s where {conditions} \
             group by s.status"
        ))
        .bind(filter.district_id)
        .bind(filter.urgency.map(SignalUrgency::code))
        .bind(filter.category.as_deref())
        .fetch_all(self.pool())
        .await?;
        let mut counts: BTreeMap<String, i64> = SignalStatus::ALL
            .iter()
            .map(|s| (s.code().to_owned(), 0))
            .collect();
        for row in &count_rows {
            counts.insert(row.try_get("status")?, row.try_get("signals")?);
        }
        let over_norm: i64 = sqlx::query_scalar(&format!(
            "select count(*) from signal s where {conditions} \
               and s.status = 'new' and s.created_at < $4"
        ))
        .bind(filter.district_id)
        .bind(filter.urgency.map(SignalUrgency::code))
        .bind(filter.category.as_deref())
        .bind(now - norm.seconds())
        .fetch_one(self.pool())
        .await?;
        Ok(SignalQueue {
            items,
            counts,
            over_norm,
            norm_hours: norm.hours(),
        })
    }

    /// The signals the caller sent, newest first, with their status only.
    pub async fn own_signals(
        &self,
        scope: &AccessScope,
    ) -> Result<Vec<SignalStatusOnly>, StoreError> {
        let rows = sqlx::query(
            "select signal_id, status, sender_note, created_at, updated_at from signal \
             where sender_account_id = $1 order by created_at desc, signal_id desc limit 500",
        )
        .bind(scope.account_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let mut status = status_only(row)?;
                status.signal_id = row.try_get("signal_id")?;
                Ok(status)
            })
            .collect()
    }

    /// Saves the sender's private note on their own signal (empty clears it). Only the
    /// account that sent the signal may (else `Forbidden`, audited; `NotFound` when there is
    /// no such signal); a note over 200 characters is the inner `Err`.
    pub async fn set_signal_sender_note(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        typed: &str,
        route: &str,
    ) -> Result<Result<Option<String>, FieldProblem>, StoreError> {
        let sender: Option<i64> =
            sqlx::query_scalar("select sender_account_id from signal where signal_id = $1")
                .bind(signal_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound)?;
        let own = sender == Some(scope.account_id);
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "signal_sender_note",
            record_id: &signal_id.to_string(),
            route,
            outcome: if own {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if !own {
            return Err(StoreError::Forbidden);
        }
        let note = match check_sender_note(typed) {
            Ok(note) => note,
            Err(problem) => return Ok(Err(problem)),
        };
        sqlx::query(
            "update signal set sender_note = $1 where signal_id = $2 and sender_account_id = $3",
        )
        .bind(note.as_deref())
        .bind(signal_id)
        .bind(scope.account_id)
        .execute(self.pool())
        .await?;
        Ok(Ok(note))
    }

    /// Moves a signal along its journey by the rules of [`transition`]. Closing as
    /// `became_question` stores the resident and the question (source `signal`, themes as
    /// given or else as the categories suggest, the availability as given — required, never
    /// assumed) in the same transaction and links it. The inner `Err` is the domain's
    /// refusal.
    #[allow(clippy::too_many_arguments)]
    pub async fn change_signal_status(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        to: SignalStatus,
        outcome: Option<SignalOutcome>,
        note: &str,
        choice: Option<QuestionChoice>,
        route: &str,
    ) -> Result<Result<SignalChange, SignalTransitionError>, StoreError> {
        self.change_signal_status_at(scope, signal_id, to, outcome, note, choice, now(), route)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn change_signal_status_at(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        to: SignalStatus,
        outcome: Option<SignalOutcome>,
        note: &str,
        choice: Option<QuestionChoice>,
        at: Timestamp,
        route: &str,
    ) -> Result<Result<SignalChange, SignalTransitionError>, StoreError> {
        let (row, step) = match self
            .checked_step(scope, signal_id, to, outcome, note, route)
            .await?
        {
            Ok(checked) => checked,
            Err(refused) => return Ok(Err(refused)),
        };
        if step.outcome != Some(SignalOutcome::BecameQuestion) {
            let mut tx = self.pool().begin().await?;
            record_step(&mut tx, signal_id, &step, None, scope.account_id, at).await?;
            tx.commit().await?;
            return Ok(Ok(SignalChange {
                status: step.to,
                outcome: step.outcome,
                question_id: None,
            }));
        }
        let postcode: String = row.try_get("postcode")?;
        let postcode = kring_core::area::Postcode::parse(&postcode)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let house_number: Option<String> = row.try_get("house_number")?;
        let name: Option<String> = row.try_get("name")?;
        let person_description: Option<String> = row.try_get("person_description")?;
        let description: Option<String> = row.try_get("description")?;
        let choice = choice.unwrap_or_default();
        let themes = match choice.themes {
            Some(themes) => themes,
            None => self.signal_question_themes(signal_id).await?,
        };
        let question = question_from_signal(
            &SignalForQuestion {
                postcode: &postcode,
                house_number: house_number.as_deref(),
                name: name.as_deref(),
                person_description: person_description.as_deref(),
                description: description.as_deref().unwrap_or_default(),
                urgency: SignalUrgency::parse(&row.try_get::<String, _>("urgency")?)
                    .unwrap_or_default(),
            },
            themes,
            choice.availability,
        )
        .map_err(StoreError::Problem)?;
        let question_id = self
            .close_with_question(scope, signal_id, &step, &question, None, at, route)
            .await?;
        Ok(Ok(SignalChange {
            status: step.to,
            outcome: step.outcome,
            question_id: Some(question_id),
        }))
    }

    /// The themes a signal's categories suggest for its question (the one mapping of
    /// [`question_themes`] over the active themes).
    pub async fn signal_question_themes(
        &self,
        signal_id: i64,
    ) -> Result<Vec<ThemeCode>, StoreError> {
        let known = self.active_theme_codes().await?;
        let categories = self
            .categories_of(&[signal_id])
            .await?
            .remove(&signal_id)
            .unwrap_or_default();
        Ok(question_themes(&categories, &known))
    }

    /// Saves the staff intake form filled from a signal: the question (source `signal`) as
    /// the professional completed it, and the signal closed as "became a question" linked to
    /// it, in one transaction. Only a professional of the signal's district, placing the
    /// question in a district they work in, may (else `Forbidden`, audited); a signal that
    /// cannot close that way now is the inner `Err`. The same form sent twice (its token)
    /// returns the question stored the first time.
    pub async fn create_question_from_signal(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        question: &NewQuestion,
        form_token: Option<&str>,
        route: &str,
    ) -> Result<Result<Created, SignalTransitionError>, StoreError> {
        if let Some(token) = form_token
            && let Some(created) = self.question_by_form_token(token).await?
        {
            return Ok(Ok(created));
        }
        let step = match self
            .checked_step(
                scope,
                signal_id,
                SignalStatus::Closed,
                Some(SignalOutcome::BecameQuestion),
                "",
                route,
            )
            .await?
        {
            Ok((_, step)) => step,
            Err(refused) => return Ok(Err(refused)),
        };
        let question_id = self
            .close_with_question(scope, signal_id, &step, question, form_token, now(), route)
            .await?;
        let district_id = self.question_district(question_id).await?;
        Ok(Ok(Created {
            question_id,
            reference_code: reference::encode(question_id),
            district_id,
            duplicate: false,
        }))
    }

    /// Reads a signal for a step, audits the attempt and checks the step: `Forbidden` for
    /// anyone but a professional of its district, the domain's refusal as the inner `Err`.
    async fn checked_step(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        to: SignalStatus,
        outcome: Option<SignalOutcome>,
        note: &str,
        route: &str,
    ) -> Result<Result<(AnyRow, SignalTransition), SignalTransitionError>, StoreError> {
        let row = sqlx::query(
            "select district_id, status, postcode, house_number, name, person_description, \
               description, urgency from signal where signal_id = $1",
        )
        .bind(signal_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let district_id: i64 = row.try_get("district_id")?;
        let allowed = scope.allows(Action::WorkInDistrict(district_id));
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "signal",
            record_id: &signal_id.to_string(),
            route,
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if !allowed {
            return Err(StoreError::Forbidden);
        }
        let from = parse_status(&row.try_get::<String, _>("status")?)?;
        Ok(transition(from, to, outcome, note).map(|step| (row, step)))
    }

    /// Stores the question a signal became and the signal's closing step linked to it, in one
    /// transaction, then audits the new question. The question must lie in a district the
    /// caller works in.
    #[allow(clippy::too_many_arguments)]
    async fn close_with_question(
        &self,
        scope: &AccessScope,
        signal_id: i64,
        step: &SignalTransition,
        question: &NewQuestion,
        form_token: Option<&str>,
        at: Timestamp,
        route: &str,
    ) -> Result<i64, StoreError> {
        let postcode = &question.resident.postcode;
        let location = self.locate_postcode(postcode).await?.ok_or_else(|| {
            StoreError::Problem(
                FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
                    .with("postcode", postcode.display()),
            )
        })?;
        if !scope.allows(Action::WorkInDistrict(location.district_id)) {
            self.audit(AuditEntry {
                account_id: Some(scope.account_id),
                action: AuditAction::Create,
                record_type: "question",
                record_id: &format!("district:{}", location.district_code),
                route,
                outcome: AuditOutcome::Denied,
            })
            .await?;
            return Err(StoreError::Forbidden);
        }
        let pending = [Pending {
            question,
            resident_id: None,
            location,
            source: Source::Signal,
            form_token,
        }];
        let mut tx = self.pool().begin().await?;
        let ids = self
            .insert_questions(&mut tx, &pending, Some(scope.account_id), at)
            .await?;
        let question_id = ids
            .first()
            .copied()
            .ok_or_else(|| StoreError::Internal("no question stored".into()))?;
        record_step(
            &mut tx,
            signal_id,
            step,
            Some(question_id),
            scope.account_id,
            at,
        )
        .await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "question",
            record_id: &question_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(question_id)
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_event(
    tx: &mut Tx<'_>,
    signal_id: i64,
    from: Option<SignalStatus>,
    to: SignalStatus,
    outcome: Option<SignalOutcome>,
    note: Option<&str>,
    account_id: Option<i64>,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into signal_status_event \
           (signal_id, from_status, to_status, outcome, note, account_id, occurred_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(signal_id)
    .bind(from.map(SignalStatus::code))
    .bind(to.code())
    .bind(outcome.map(SignalOutcome::code))
    .bind(note)
    .bind(account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a checked step and its history line; `Conflict` when the status changed meanwhile.
async fn record_step(
    tx: &mut Tx<'_>,
    signal_id: i64,
    step: &SignalTransition,
    question_id: Option<i64>,
    account_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    // The column names are our own constants, never input.
    let column = match step.to {
        SignalStatus::PickedUp => "picked_up_at",
        SignalStatus::ContactMade => "contact_at",
        SignalStatus::Closed => "closed_at",
        SignalStatus::New => "updated_at",
    };
    let sql = format!(
        "update signal set status = $2, outcome = $3, question_id = coalesce($4, question_id), \
           updated_at = $1, {column} = $1, picked_up_by = coalesce($6, picked_up_by) \
         where signal_id = $5 and status = $7"
    );
    let picked_up_by = (step.to == SignalStatus::PickedUp).then_some(account_id);
    let query = sqlx::query(&sql)
        .bind(at)
        .bind(step.to.code())
        .bind(step.outcome.map(SignalOutcome::code))
        .bind(question_id)
        .bind(signal_id)
        .bind(picked_up_by);
    let changed = query.bind(step.from.code()).execute(&mut **tx).await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::Conflict("signal_status_changed"));
    }
    insert_event(
        tx,
        signal_id,
        Some(step.from),
        step.to,
        step.outcome,
        step.note.as_deref(),
        Some(account_id),
        at,
    )
    .await
}

/// A sender's view of a row with `status`, `sender_note`, `created_at` and `updated_at`; the
/// caller sets the id.
fn status_only(row: &AnyRow) -> Result<SignalStatusOnly, StoreError> {
    Ok(SignalStatusOnly {
        signal_id: 0,
        status: parse_status(&row.try_get::<String, _>("status")?)?,
        sender_note: row.try_get("sender_note")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn parse_status(code: &str) -> Result<SignalStatus, StoreError> {
    SignalStatus::parse(code)
        .ok_or_else(|| StoreError::Internal(format!("unknown signal status '{code}'")))
}

fn queue_item(row: &AnyRow, now: Timestamp, norm: PickupNorm) -> Result<QueueItem, StoreError> {
    let created_at: i64 = row.try_get("created_at")?;
    let picked_up_at: Option<i64> = row.try_get("picked_up_at")?;
    Ok(QueueItem {
        signal_id: row.try_get("signal_id")?,
        district_code: row.try_get("district_code")?,
        district_name: row.try_get("district_name")?,
        neighbourhood_name: row.try_get("neighbourhood_name")?,
        categories: Vec::new(),
        urgency: SignalUrgency::parse(&row.try_get::<String, _>("urgency")?).unwrap_or_default(),
        status: parse_status(&row.try_get::<String, _>("status")?)?,
        outcome: row
            .try_get::<Option<String>, _>("outcome")?
            .and_then(|o| SignalOutcome::parse(&o)),
        resident_informed: ResidentInformed::parse(&row.try_get::<String, _>("resident_informed")?)
            .unwrap_or(ResidentInformed::Unknown),
        created_at,
        picked_up_at,
        waiting_seconds: waiting_seconds(created_at, picked_up_at, now),
        over_norm: over_norm(created_at, picked_up_at, now, norm),
    })
}

/// The SQL condition limiting `s` to the districts a caller works in.
fn scope_clause(districts: &Districts) -> String {
    crate::work_queue::districts_clause("s.district_id", districts)
}
