//! The questions file into storage: every row checked against what the store knows (postcodes,
//! districts, external ids) and then one transaction, or nothing.

use crate::area::PostcodeLocation;
use crate::audit::{AuditAction, AuditEntry, AuditOutcome, audit_in};
use crate::own_network::IntakeNetwork;
use crate::question::*;
use crate::question_batch::*;
use crate::{Backend, Store, StoreError, now};
use kring_core::own_network::Give;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::Source;
use kring_core::question_csv::ParsedQuestions;
use sqlx::Row;
use std::collections::HashMap;

impl Store {
    /// Checks a parsed file against the database (unknown postcodes, districts the importer
    /// may not work in, external ids already stored), moving refused rows to the file's bad
    /// rows. Then, when no row is bad or `skip_bad` is set, stores the good rows in one
    /// transaction; otherwise stores nothing. `progress` hears how many rows are stored so far.
    pub async fn import_questions(
        &self,
        actor: Actor<'_>,
        parsed: &mut ParsedQuestions,
        skip_bad: bool,
        route: &str,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<QuestionImport, StoreError> {
        let locations = self.postcode_locations().await?;
        let mut refused: Vec<(u64, FieldProblem)> = Vec::new();
        let mut located: Vec<(u64, PostcodeLocation)> = Vec::new();
        for row in &parsed.rows {
            let postcode = &row.question.resident.postcode;
            match locations.get(postcode.pc4().as_str()) {
                None => refused.push((
                    row.line,
                    FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
                        .with("postcode", postcode.display()),
                )),
                Some(location) if !actor.may_import_into(location.district_id) => refused.push((
                    row.line,
                    FieldProblem::new("postcode", ProblemCode::OtherDistrict)
                        .with("postcode", postcode.display())
                        .with("district", &location.district_code),
                )),
                Some(location) => located.push((row.line, location.clone())),
            }
        }
        let wanted: Vec<&str> = parsed
            .rows
            .iter()
            .filter_map(|row| row.question.external_id.as_deref())
            .collect();
        let existing = self.existing_external_ids(&wanted).await?;
        for row in &parsed.rows {
            if let Some(id) = &row.question.external_id
                && existing.contains(id.as_str())
            {
                refused.push((
                    row.line,
                    FieldProblem::new("external_id", ProblemCode::Taken)
                        .with("value", id)
                        .of_form("question"),
                ));
            }
        }
        for (line, problem) in refused {
            parsed.reject(line, problem);
        }
        let rejected = parsed.bad_rows.len();
        if rejected > 0 && !skip_bad {
            return Ok(QuestionImport {
                imported: 0,
                rejected,
            });
        }
        let by_line: HashMap<u64, PostcodeLocation> = located.into_iter().collect();
        let (pending, networks): (Vec<Pending<'_>>, Vec<Option<IntakeNetwork>>) = parsed
            .rows
            .iter()
            .filter_map(|row| {
                by_line.get(&row.line).map(|location| {
                    let network =
                        (!row.people.is_empty() || row.give != Give::default()).then(|| {
                            IntakeNetwork {
                                people: row.people.clone(),
                                give: row.give.clone(),
                                for_person: None,
                            }
                        });
                    let pending = Pending {
                        question: &row.question,
                        resident_id: None,
                        location: location.clone(),
                        source: Source::Intake,
                        form_token: None,
                    };
                    (pending, network)
                })
            })
            .unzip();
        let now = now();
        let mut tx = self.pool().begin().await?;
        let mut done = 0;
        for (chunk, networks) in pending.chunks(BATCH * 5).zip(networks.chunks(BATCH * 5)) {
            let ids = self
                .insert_questions(&mut tx, chunk, actor.account_id(), now)
                .await?;
            // The people around a resident and what they give: only rows that name them.
            for (id, network) in ids.iter().zip(networks) {
                if let Some(network) = network {
                    self.write_intake_network(&mut tx, *id, network).await?;
                }
            }
            done += chunk.len();
            progress(done);
        }
        audit_in(
            &mut tx,
            AuditEntry {
                account_id: actor.account_id(),
                action: AuditAction::Create,
                record_type: "question_import",
                record_id: &format!("{done} vragen"),
                route,
                outcome: AuditOutcome::Allowed,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(QuestionImport {
            imported: done,
            rejected,
        })
    }

    pub(crate) async fn existing_external_ids(
        &self,
        wanted: &[&str],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut found = std::collections::HashSet::new();
        for chunk in wanted.chunks(BATCH * 2) {
            let placeholders = (1..=chunk.len())
                .map(|i| match self.backend() {
                    Backend::Sqlite => "?".to_owned(),
                    Backend::Postgres => format!("${i}"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql =
                format!("select external_id from question where external_id in ({placeholders})");
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(self.pool()).await? {
                found.insert(row.try_get::<String, _>("external_id")?);
            }
        }
        Ok(found)
    }
}
