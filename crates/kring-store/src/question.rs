//! Residents and their help questions in storage. Every function that reads or changes a
//! question takes the caller's [`AccessScope`] (or says it acts for a resident or the system)
//! and writes the audit log itself, so no handler can forget either: a professional reads and
//! changes only the questions of their districts, and every detail read, allowed or denied, is
//! logged. Lists carry no personal data (no name, contact or words of the resident), so only
//! detail reads are logged per record.
//!
//! Inserts go in batches with ids reserved up front, so a 100,000-row import is a few hundred
//! statements in one transaction rather than half a million round trips.

use crate::area::PostcodeLocation;
use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::question_batch::*;
pub(crate) use crate::question_batch::{BATCH, Pending, insert_plain};
pub use crate::question_list::{
    Owner, QuestionFilter, QuestionPage, QuestionSort, QuestionSummary,
};
use crate::{Store, StoreError, Timestamp, flag, now};
use kring_core::access::{AccessScope, Action, Districts};
use kring_core::area::RdPoint;
use kring_core::question::{
    NewQuestion, Outcome, QuestionStatus, Source, Transition, TransitionError, Urgency, reference,
    transition_by_hand,
};
use kring_core::slot::Availability;
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// Who is creating questions: a signed-in staff member (scoped), a resident through the
/// self-intake (anonymous), or the system itself (the CLI, the demo).
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Staff(&'a AccessScope),
    Resident,
    System,
}

impl Actor<'_> {
    pub(crate) fn account_id(&self) -> Option<i64> {
        match self {
            Actor::Staff(scope) => Some(scope.account_id),
            Actor::Resident | Actor::System => None,
        }
    }

    /// Whether this actor may place a single question in the district: staff only where
    /// they work.
    fn may_create_in(&self, district_id: i64) -> bool {
        match self {
            Actor::Staff(scope) => scope.allows(Action::WorkInDistrict(district_id)),
            Actor::Resident | Actor::System => true,
        }
    }

    /// Whether this actor may import rows into the district: admins anywhere (they upload
    /// for the teams but read no question), professionals where they work.
    pub(crate) fn may_import_into(&self, district_id: i64) -> bool {
        match self {
            Actor::Staff(scope) => {
                scope.allows(Action::ImportQuestions)
                    && scope.allows(Action::ImportQuestionsInto(district_id))
            }
            Actor::Resident => false,
            Actor::System => true,
        }
    }
}

/// The resident's personal data, as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resident {
    pub resident_id: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postcode: String,
    pub house_number: Option<String>,
    pub birth_year: Option<i64>,
    pub languages: Vec<String>,
    pub note: Option<String>,
    /// An active restriction or objection (GDPR articles 18, 21): the data is only stored.
    pub restriction: Option<crate::restriction::Restriction>,
}

/// One line of a question's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusEvent {
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub outcome: Option<String>,
    pub account_id: Option<i64>,
    /// The staff member's name; `None` for the resident or the system.
    pub account_name: Option<String>,
    pub occurred_at: Timestamp,
    /// A merge: the other question (the one merged into this one, or the one this one was
    /// merged into).
    pub merged_with: Option<i64>,
}

impl StatusEvent {
    /// The reference code of the question a merge line names.
    pub fn merged_with_code(&self) -> Option<String> {
        self.merged_with.map(reference::encode)
    }
}

/// Another question of the same resident, as the detail page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentQuestion {
    pub question_id: i64,
    pub reference_code: String,
    pub status: QuestionStatus,
    pub created_at: Timestamp,
}

/// A question with its resident and history: what a detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub question_id: i64,
    pub reference_code: String,
    pub resident: Resident,
    pub text: String,
    pub themes: Vec<String>,
    pub availability: Availability,
    pub max_travel_m: i64,
    pub individual_only: bool,
    pub individual_reason: Option<String>,
    pub urgency: Urgency,
    pub source: Source,
    pub status: QuestionStatus,
    pub outcome: Option<Outcome>,
    pub district_id: i64,
    pub district_code: String,
    pub district_name: String,
    pub neighbourhood_id: i64,
    pub neighbourhood_name: String,
    pub x: f64,
    pub y: f64,
    pub external_id: Option<String>,
    /// The day the question came in: the intake date it brought along, else the day it was
    /// stored. Waiting times and the first-contact promise count from it.
    pub received_on: Option<kring_core::civil::Date>,
    /// Closed as a probable duplicate: the question it was merged into.
    pub merged_into: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub history: Vec<StatusEvent>,
}

impl Question {
    /// The question as typed input again: what an edit form starts from and a partial
    /// update (PATCH) is laid over.
    pub fn to_input(&self) -> kring_core::question::QuestionInput {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        kring_core::question::QuestionInput {
            name: text(&self.resident.name),
            phone: text(&self.resident.phone),
            email: text(&self.resident.email),
            postcode: self.resident.postcode.clone(),
            house_number: text(&self.resident.house_number),
            birth_year: self
                .resident
                .birth_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            languages: self.resident.languages.clone(),
            note: text(&self.resident.note),
            text: self.text.clone(),
            themes: self.themes.clone(),
            availability: self.availability.codes(),
            max_travel_m: self.max_travel_m.to_string(),
            individual_only: if self.individual_only { "ja" } else { "nee" }.to_owned(),
            individual_reason: text(&self.individual_reason),
            urgency: self.urgency.code().to_owned(),
            external_id: text(&self.external_id),
            intake_date: String::new(),
        }
    }
}

/// What a create call did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Created {
    pub question_id: i64,
    pub reference_code: String,
    pub district_id: i64,
    /// The same form was sent before (a double click); nothing new was stored.
    pub duplicate: bool,
}

/// What an import did: how many landed, and every refused row (then nothing landed unless
/// bad rows were to be skipped).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuestionImport {
    pub imported: usize,
    pub rejected: usize,
}

impl Store {
    /// Every mapped postcode and where it lies, for imports that locate many rows at once.
    pub async fn postcode_locations(
        &self,
    ) -> Result<HashMap<String, PostcodeLocation>, StoreError> {
        let rows = sqlx::query(
            "select p.postcode, p.neighbourhood_id, n.district_id, d.code as district_code, \
               p.x, p.y \
             from postcode p \
             join neighbourhood n on n.neighbourhood_id = p.neighbourhood_id \
             join district d on d.district_id = n.district_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut map = HashMap::new();
        for row in rows {
            let postcode: String = row.try_get("postcode")?;
            let Ok(centroid) = RdPoint::new(row.try_get("x")?, row.try_get("y")?) else {
                continue;
            };
            map.insert(
                postcode.clone(),
                PostcodeLocation {
                    postcode,
                    neighbourhood_id: row.try_get("neighbourhood_id")?,
                    district_id: row.try_get("district_id")?,
                    district_code: row.try_get("district_code")?,
                    centroid,
                },
            );
        }
        Ok(map)
    }

    /// Stores a new question and its resident. The postcode must be mapped (else
    /// `Invalid`); staff may only place questions in their own districts (else `Forbidden`,
    /// audited). A `form_token` seen before returns the earlier question: a double click
    /// stores one question.
    pub async fn create_question(
        &self,
        actor: Actor<'_>,
        question: &NewQuestion,
        source: Source,
        form_token: Option<&str>,
        route: &str,
    ) -> Result<Created, StoreError> {
        self.create_question_with_network(actor, question, None, source, form_token, route)
            .await
    }

    /// [`Store::create_question`] with the people around the resident and what they can give
    /// (`/vraag` asks both), stored in the same transaction as the question.
    pub async fn create_question_with_network(
        &self,
        actor: Actor<'_>,
        question: &NewQuestion,
        network: Option<&crate::own_network::IntakeNetwork>,
        source: Source,
        form_token: Option<&str>,
        route: &str,
    ) -> Result<Created, StoreError> {
        if let Some(token) = form_token
            && let Some(created) = self.question_by_form_token(token).await?
        {
            return Ok(created);
        }
        let location = self
            .locate_postcode(&question.resident.postcode)
            .await?
            .ok_or_else(|| unknown_postcode(&question.resident.postcode.display()))?;
        if !actor.may_create_in(location.district_id) {
            self.audit(AuditEntry {
                account_id: actor.account_id(),
                action: AuditAction::Create,
                record_type: "question",
                record_id: &format!("district:{}", location.district_code),
                route,
                outcome: AuditOutcome::Denied,
            })
            .await?;
            return Err(StoreError::Forbidden);
        }
        let district_id = location.district_id;
        let pending = [Pending {
            question,
            resident_id: None,
            location,
            source,
            form_token,
        }];
        let mut tx = self.pool().begin().await?;
        let inserted = self
            .insert_questions(&mut tx, &pending, actor.account_id(), now())
            .await;
        let inserted = match (inserted, network) {
            (Ok(ids), Some(network)) => self
                .write_intake_network(&mut tx, ids[0], network)
                .await
                .map(|()| ids),
            (inserted, _) => inserted,
        };
        let ids = match inserted {
            Ok(ids) => {
                tx.commit().await?;
                ids
            }
            Err(StoreError::Conflict(message)) if form_token.is_some() => {
                // Two submissions of one form raced; the other one won.
                drop(tx);
                if let Some(token) = form_token
                    && let Some(created) = self.question_by_form_token(token).await?
                {
                    return Ok(created);
                }
                return Err(StoreError::Conflict(message));
            }
            Err(other) => return Err(other),
        };
        let question_id = ids[0];
        self.audit(AuditEntry {
            account_id: actor.account_id(),
            action: AuditAction::Create,
            record_type: "question",
            record_id: &question_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(Created {
            question_id,
            reference_code: reference::encode(question_id),
            district_id,
            duplicate: false,
        })
    }

    /// The resident's details as input, for a new question of someone already known. Only
    /// a professional who works where the resident has a question may see them; the read is
    /// audited either way.
    pub async fn resident_input(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        route: &str,
    ) -> Result<kring_core::question::QuestionInput, StoreError> {
        let districts: Vec<i64> =
            sqlx::query_scalar("select distinct district_id from question where resident_id = $1")
                .bind(resident_id)
                .fetch_all(self.pool())
                .await?;
        if districts.is_empty() {
            return Err(StoreError::NotFound);
        }
        let allowed = districts
            .iter()
            .any(|d| scope.allows(Action::WorkInDistrict(*d)));
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Read,
            record_type: "resident",
            record_id: &resident_id.to_string(),
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
        let (resident, _) = self.load_resident(resident_id).await?;
        let text = |value: Option<String>| value.unwrap_or_default();
        Ok(kring_core::question::QuestionInput {
            name: text(resident.name),
            phone: text(resident.phone),
            email: text(resident.email),
            postcode: resident.postcode,
            house_number: text(resident.house_number),
            birth_year: resident
                .birth_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            languages: resident.languages,
            note: text(resident.note),
            ..kring_core::question::QuestionInput::default()
        })
    }

    /// The resident's other questions that the caller may work with (in their districts),
    /// newest first, for the detail page of one of them. Only reference codes, statuses and
    /// dates: each question's words are read, and audited, on its own page.
    pub async fn resident_questions(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        except: i64,
    ) -> Result<Vec<ResidentQuestion>, StoreError> {
        let rows = sqlx::query(
            "select q.question_id, q.status, q.created_at, q.district_id from question q \
             where q.resident_id = $1 and q.question_id <> $2 \
             order by q.created_at desc, q.question_id desc",
        )
        .bind(resident_id)
        .bind(except)
        .fetch_all(self.pool())
        .await?;
        let mut questions = Vec::new();
        for row in rows {
            let district_id: i64 = row.try_get("district_id")?;
            if !scope.allows(Action::WorkInDistrict(district_id)) {
                continue;
            }
            let question_id: i64 = row.try_get("question_id")?;
            questions.push(ResidentQuestion {
                question_id,
                reference_code: reference::encode(question_id),
                status: parse_status(&row.try_get::<String, _>("status")?)?,
                created_at: row.try_get("created_at")?,
            });
        }
        Ok(questions)
    }

    /// A new question for a resident already known (see [`Store::resident_input`]); the
    /// resident's stored details stay as they are.
    pub async fn create_question_for_resident(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        question: &NewQuestion,
        route: &str,
    ) -> Result<Created, StoreError> {
        let location = self
            .locate_postcode(&question.resident.postcode)
            .await?
            .ok_or_else(|| unknown_postcode(&question.resident.postcode.display()))?;
        if !scope.allows(Action::WorkInDistrict(location.district_id)) {
            return Err(StoreError::Forbidden);
        }
        let district_id = location.district_id;
        let pending = [Pending {
            question,
            resident_id: Some(resident_id),
            location,
            source: Source::Intake,
            form_token: None,
        }];
        let mut tx = self.pool().begin().await?;
        let ids = self
            .insert_questions(&mut tx, &pending, Some(scope.account_id), now())
            .await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "question",
            record_id: &ids[0].to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(Created {
            question_id: ids[0],
            reference_code: reference::encode(ids[0]),
            district_id,
            duplicate: false,
        })
    }

    pub(crate) async fn question_by_form_token(
        &self,
        token: &str,
    ) -> Result<Option<Created>, StoreError> {
        let row =
            sqlx::query("select question_id, district_id from question where form_token = $1")
                .bind(token)
                .fetch_optional(self.pool())
                .await?;
        row.map(|row| {
            let question_id: i64 = row.try_get("question_id")?;
            Ok::<_, StoreError>(Created {
                question_id,
                reference_code: reference::encode(question_id),
                district_id: row.try_get("district_id")?,
                duplicate: true,
            })
        })
        .transpose()
    }

    /// Counts of questions per district and status, for overviews; no person in it.
    pub async fn question_counts(
        &self,
        scope: &AccessScope,
    ) -> Result<Vec<(i64, String, i64)>, StoreError> {
        let sql = format!(
            "select district_id, status, count(*) as questions from question q where {} \
             group by district_id, status order by district_id, status",
            scope_clause(&scope.workable_districts())
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                Ok::<_, StoreError>((
                    row.try_get("district_id")?,
                    row.try_get("status")?,
                    row.try_get("questions")?,
                ))
            })
            .collect()
    }

    pub(crate) async fn themes_of(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<String>>, StoreError> {
        let mut themes: HashMap<i64, Vec<String>> = HashMap::new();
        if ids.is_empty() {
            return Ok(themes);
        }
        // Ids come from the database as integers, so they can be written into the SQL.
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let rows = sqlx::query(&format!(
            "select t.question_id, t.theme_code from question_theme t \
             left join theme th on th.code = t.theme_code \
             where t.question_id in ({list}) order by th.position, t.theme_code"
        ))
        .fetch_all(self.pool())
        .await?;
        for row in rows {
            themes
                .entry(row.try_get("question_id")?)
                .or_default()
                .push(row.try_get("theme_code")?);
        }
        Ok(themes)
    }

    /// The district a question lies in, without reading it (for access checks before a
    /// change). `NotFound` when there is no such question.
    pub(crate) async fn question_district(&self, question_id: i64) -> Result<i64, StoreError> {
        sqlx::query_scalar("select district_id from question where question_id = $1")
            .bind(question_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Checks the caller may work with the question and writes the attempt to the audit log.
    pub(crate) async fn authorise(
        &self,
        scope: &AccessScope,
        question_id: i64,
        action: AuditAction,
        route: &str,
    ) -> Result<(), StoreError> {
        let district_id = self.question_district(question_id).await?;
        let allowed = scope.allows(Action::WorkInDistrict(district_id));
        let outcome = if allowed {
            AuditOutcome::Allowed
        } else {
            AuditOutcome::Denied
        };
        self.audit_question(scope, question_id, action, route, outcome)
            .await?;
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Checks the caller may change the question. A refusal is written to the audit log as
    /// `denied` at once; an allowed change is logged by the caller only once it went through.
    pub(crate) async fn authorise_change(
        &self,
        scope: &AccessScope,
        question_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let district_id = self.question_district(question_id).await?;
        if scope.allows(Action::WorkInDistrict(district_id)) {
            Ok(())
        } else {
            self.refuse_change(scope, question_id, route).await
        }
    }

    /// Writes `update … denied` and answers `Forbidden`.
    pub(crate) async fn refuse_change(
        &self,
        scope: &AccessScope,
        question_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.audit_update_denied(scope, question_id, route).await?;
        Err(StoreError::Forbidden)
    }

    /// Writes `update … denied` for a refused change of a question.
    pub(crate) async fn audit_update_denied(
        &self,
        scope: &AccessScope,
        question_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Denied,
        )
        .await
    }

    pub(crate) async fn audit_question(
        &self,
        scope: &AccessScope,
        question_id: i64,
        action: AuditAction,
        route: &str,
        outcome: AuditOutcome,
    ) -> Result<(), StoreError> {
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action,
            record_type: "question",
            record_id: &question_id.to_string(),
            route,
            outcome,
        })
        .await
    }

    /// One question with its resident and history. The read is written to the audit log,
    /// allowed or denied; another district's question is `Forbidden`.
    pub async fn question(
        &self,
        scope: &AccessScope,
        question_id: i64,
        route: &str,
    ) -> Result<Question, StoreError> {
        self.authorise(scope, question_id, AuditAction::Read, route)
            .await?;
        self.load_question(question_id).await
    }

    pub(crate) async fn load_question(&self, question_id: i64) -> Result<Question, StoreError> {
        let row = sqlx::query(
            "select q.question_id, q.text, q.availability, q.max_travel_m, q.individual_only, \
               q.individual_reason, q.urgency, q.source, q.status, q.outcome, q.district_id, \
               d.code as district_code, d.name as district_name, q.neighbourhood_id, \
               n.name as neighbourhood_name, q.x, q.y, q.external_id, \
               q.received_on, q.merged_into_id, q.created_at, q.updated_at, \
               r.resident_id, r.name as resident_name, r.phone, r.email, r.postcode, \
               r.house_number, r.birth_year, r.note \
             from question q \
             join resident r on r.resident_id = q.resident_id \
             join district d on d.district_id = q.district_id \
             join neighbourhood n on n.neighbourhood_id = q.neighbourhood_id \
             where q.question_id = $1",
        )
        .bind(question_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let resident_id: i64 = row.try_get("resident_id")?;
        let languages: Vec<String> = sqlx::query_scalar(
            "select language from resident_language where resident_id = $1 order by language",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?;
        let history_rows = sqlx::query(
            "select e.from_status, e.to_status, e.reason, e.outcome, e.account_id, \
               a.display_name as account_name, e.occurred_at, e.merged_with_id \
             from question_status_event e left join account a on a.account_id = e.account_id \
             where e.question_id = $1 order by e.question_status_event_id",
        )
        .bind(question_id)
        .fetch_all(self.pool())
        .await?;
        let themes = self
            .themes_of(&[question_id])
            .await?
            .remove(&question_id)
            .unwrap_or_default();
        let history = history_rows
            .iter()
            .map(|row| {
                Ok(StatusEvent {
                    from_status: row.try_get("from_status")?,
                    to_status: row.try_get("to_status")?,
                    reason: row.try_get("reason")?,
                    outcome: row.try_get("outcome")?,
                    account_id: row.try_get("account_id")?,
                    account_name: row.try_get("account_name")?,
                    occurred_at: row.try_get("occurred_at")?,
                    merged_with: row.try_get("merged_with_id")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Question {
            question_id,
            reference_code: reference::encode(question_id),
            resident: Resident {
                resident_id,
                name: row.try_get("resident_name")?,
                phone: row.try_get("phone")?,
                email: row.try_get("email")?,
                postcode: row.try_get("postcode")?,
                house_number: row.try_get("house_number")?,
                birth_year: row.try_get("birth_year")?,
                languages,
                note: row.try_get("note")?,
                restriction: self.restriction(resident_id).await?,
            },
            text: row.try_get("text")?,
            themes,
            availability: Availability::from_mask(row.try_get("availability")?),
            max_travel_m: row.try_get("max_travel_m")?,
            individual_only: flag(row.try_get("individual_only")?),
            individual_reason: row.try_get("individual_reason")?,
            urgency: Urgency::parse(&row.try_get::<String, _>("urgency")?).unwrap_or_default(),
            source: Source::parse(&row.try_get::<String, _>("source")?).unwrap_or(Source::Intake),
            status: parse_status(&row.try_get::<String, _>("status")?)?,
            outcome: row
                .try_get::<Option<String>, _>("outcome")?
                .and_then(|o| Outcome::parse(&o)),
            district_id: row.try_get("district_id")?,
            district_code: row.try_get("district_code")?,
            district_name: row.try_get("district_name")?,
            neighbourhood_id: row.try_get("neighbourhood_id")?,
            neighbourhood_name: row.try_get("neighbourhood_name")?,
            x: row.try_get("x")?,
            y: row.try_get("y")?,
            external_id: row.try_get("external_id")?,
            received_on: row
                .try_get::<Option<String>, _>("received_on")?
                .and_then(|day| kring_core::civil::Date::parse(&day).ok()),
            merged_into: row.try_get("merged_into_id")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            history,
        })
    }

    /// Replaces a question's and its resident's details (the edit form, the API's PATCH).
    /// The new postcode must be mapped and, for staff, lie in one of their districts too.
    /// Audit: a question or a new postcode outside the caller's districts is `denied`; the
    /// `allowed` line is written only once the change is stored.
    pub async fn update_question(
        &self,
        scope: &AccessScope,
        question_id: i64,
        question: &NewQuestion,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        let location = self
            .locate_postcode(&question.resident.postcode)
            .await?
            .ok_or_else(|| unknown_postcode(&question.resident.postcode.display()))?;
        if !scope.allows(Action::WorkInDistrict(location.district_id)) {
            return self.refuse_change(scope, question_id, route).await;
        }
        let now = now();
        let mut tx = self.pool().begin().await?;
        let resident_id: i64 =
            sqlx::query_scalar("select resident_id from question where question_id = $1")
                .bind(question_id)
                .fetch_one(&mut *tx)
                .await?;
        let r = &question.resident;
        sqlx::query(
            "update resident set name = $1, phone = $2, email = $3, postcode = $4, \
               house_number = $5, birth_year = $6, note = $7, updated_at = $8 \
             where resident_id = $9",
        )
        .bind(r.name.as_deref())
        .bind(r.phone.as_ref().map(|p| p.as_str()))
        .bind(r.email.as_ref().map(|e| e.as_str()))
        .bind(r.postcode.as_str())
        .bind(r.house_number.as_deref())
        .bind(r.birth_year.map(i64::from))
        .bind(r.note.as_deref())
        .bind(now)
        .bind(resident_id)
        .execute(&mut *tx)
        .await?;
        let q = &question.question;
        sqlx::query(
            "update question set district_id = $1, neighbourhood_id = $2, x = $3, y = $4, \
               text = $5, availability = $6, max_travel_m = $7, individual_only = $8, \
               individual_reason = $9, urgency = $10, external_id = $11, updated_at = $12 \
             where question_id = $13",
        )
        .bind(location.district_id)
        .bind(location.neighbourhood_id)
        .bind(location.centroid.x())
        .bind(location.centroid.y())
        .bind(&q.text)
        .bind(q.availability.mask())
        .bind(q.max_travel_m.metres())
        .bind(i64::from(q.individual_only))
        .bind(q.individual_reason.as_deref())
        .bind(q.urgency.code())
        .bind(question.external_id.as_deref())
        .bind(now)
        .bind(question_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from resident_language where resident_id = $1")
            .bind(resident_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("delete from question_theme where question_id = $1")
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
        let languages = r
            .languages
            .iter()
            .map(|l| vec![Value::Int(resident_id), Value::Text(l.as_str().to_owned())])
            .collect();
        insert_plain(
            self.backend(),
            &mut tx,
            "resident_language",
            &["resident_id", "language"],
            languages,
        )
        .await?;
        let themes = q
            .themes
            .iter()
            .map(|t| vec![Value::Int(question_id), Value::Text(t.as_str().to_owned())])
            .collect();
        insert_plain(
            self.backend(),
            &mut tx,
            "question_theme",
            &["question_id", "theme_code"],
            themes,
        )
        .await?;
        tx.commit().await?;
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// A person moves a question along its journey by the rules of [`transition_by_hand`]
    /// (`open`, `individual`, `closed`; bundling and collectives set the others with their
    /// records); the change and its history line land together. The inner `Err` is the domain's
    /// refusal. Audit: another district's question and a refused step are `denied`; `allowed` is
    /// written only once the step is stored.
    pub async fn change_question_status(
        &self,
        scope: &AccessScope,
        question_id: i64,
        to: QuestionStatus,
        reason: &str,
        outcome: Option<Outcome>,
        route: &str,
    ) -> Result<Result<Transition, TransitionError>, StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        let status: String =
            sqlx::query_scalar("select status from question where question_id = $1")
                .bind(question_id)
                .fetch_one(self.pool())
                .await?;
        let from = parse_status(&status)?;
        let step = match transition_by_hand(from, to, reason, outcome) {
            Ok(step) => step,
            Err(refused) => {
                self.audit_update_denied(scope, question_id, route).await?;
                return Ok(Err(refused));
            }
        };
        self.record_transition(question_id, &step, Some(scope.account_id), now())
            .await?;
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(Ok(step))
    }

    /// Stores a checked transition; refuses with `Conflict` when the status changed meanwhile.
    pub(crate) async fn record_transition(
        &self,
        question_id: i64,
        step: &Transition,
        account_id: Option<i64>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            // A step is never a merge: a merged question that is opened again stands alone.
            "update question set status = $1, outcome = $2, updated_at = $3, merged_into_id = null \
             where question_id = $4 and status = $5",
        )
        .bind(step.to.code())
        .bind(step.outcome.map(Outcome::code))
        .bind(at)
        .bind(question_id)
        .bind(step.from.code())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("question_status_changed"));
        }
        sqlx::query(
            "insert into question_status_event \
               (question_id, from_status, to_status, reason, outcome, account_id, occurred_at) \
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(question_id)
        .bind(step.from.code())
        .bind(step.to.code())
        .bind(step.reason.as_deref())
        .bind(step.outcome.map(Outcome::code))
        .bind(account_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A postcode that lies in no district of this municipality.
pub(crate) fn unknown_postcode(postcode: &str) -> StoreError {
    StoreError::Problem(
        kring_core::problem::FieldProblem::new(
            "postcode",
            kring_core::problem::ProblemCode::NotInMunicipality,
        )
        .with("postcode", postcode),
    )
}

pub(crate) fn parse_status(code: &str) -> Result<QuestionStatus, StoreError> {
    QuestionStatus::parse(code)
        .ok_or_else(|| StoreError::Internal(format!("unknown question status '{code}'")))
}

/// The SQL condition limiting `q` to the districts a caller works in.
pub(crate) fn scope_clause(districts: &Districts) -> String {
    crate::work_queue::districts_clause("q.district_id", districts)
}
