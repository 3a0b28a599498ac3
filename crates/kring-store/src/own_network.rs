//! The people around a resident, kept with their question (`network_person`), and what the
//! resident can give with where they want to be in a year (`question.future_wish`,
//! `question.give_other`, `question_skill`). Scoped like the question itself: only someone who
//! works in the question's district reads (an audit line) or changes it (an audit line).
//!
//! Erasing a person blanks their first name and keeps the row with `erased_at`: the people
//! who come along with a seat count as the question's `companions` in the bundling instance
//! only while not erased.

use crate::audit::{AuditAction, AuditOutcome};
use crate::question_batch::{Tx, Value, insert_plain};
use crate::{Store, StoreError, now};
use kring_core::access::AccessScope;
use kring_core::own_network::{Give, Person, Relation, Skill, high_strain};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::reference;
use serde::Serialize;
use sqlx::Row;

/// A person around the resident as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkPerson {
    pub network_person_id: i64,
    #[serde(flatten)]
    pub person: Person,
    /// Whether the EDIZ score says high strain (see `kring_core::own_network`).
    pub high_strain: bool,
    pub erased: bool,
    /// The person's own question, made from here (an overburdened mantelzorger).
    pub own_question_id: Option<i64>,
}

/// What is recorded with a question about the resident's own network and what they give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OwnNetwork {
    pub people: Vec<NetworkPerson>,
    pub give: Give,
    /// Companions who need a seat: people not erased who come along with a seat asked.
    pub companions: u32,
    /// Some mantelzorger (not erased) has a high EDIZ score.
    pub high_strain: bool,
}

/// What `/vraag` asks besides the question: the people around the resident and what they can
/// give, stored with the question in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeNetwork {
    pub people: Vec<Person>,
    pub give: Give,
    /// The question is the own question of this person around another resident (an
    /// overburdened mantelzorger): linked in the same transaction, refused as a conflict when
    /// the person got one in the meantime or was erased.
    pub for_person: Option<i64>,
}

/// A person around a resident, read to make a question of their own: what the intake form is
/// filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonForQuestion {
    pub network_person_id: i64,
    /// The question of the resident this person is around.
    pub question_id: i64,
    pub person: Person,
}

async fn insert_person(
    tx: &mut Tx<'_>,
    question_id: i64,
    person: &Person,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "insert into network_person (question_id, relation, first_name, comes_along, seat, \
           needs_support, ediz_score, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning network_person_id",
    )
    .bind(question_id)
    .bind(person.relation.as_str())
    .bind(person.first_name.as_deref())
    .bind(i64::from(person.comes_along))
    .bind(i64::from(person.seat))
    .bind(i64::from(person.needs_support))
    .bind(person.ediz.map(i64::from))
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

impl Store {
    /// Writes what a resident can give onto `question_id`, replacing what was there.
    async fn write_give(
        &self,
        tx: &mut Tx<'_>,
        question_id: i64,
        give: &Give,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "update question set future_wish = $1, give_other = $2, updated_at = $3 \
             where question_id = $4",
        )
        .bind(give.future.as_deref())
        .bind(give.other.as_deref())
        .bind(now())
        .bind(question_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query("delete from question_skill where question_id = $1")
            .bind(question_id)
            .execute(&mut **tx)
            .await?;
        let skills = give
            .skills
            .iter()
            .map(|s| vec![Value::Int(question_id), Value::Text(s.as_str().to_owned())])
            .collect();
        insert_plain(
            self.backend(),
            tx,
            "question_skill",
            &["question_id", "skill_code"],
            skills,
        )
        .await
    }

    /// Stores the people and what they give with a new question, inside its transaction.
    pub(crate) async fn write_intake_network(
        &self,
        tx: &mut Tx<'_>,
        question_id: i64,
        network: &IntakeNetwork,
    ) -> Result<(), StoreError> {
        for person in &network.people {
            insert_person(tx, question_id, person).await?;
        }
        if let Some(person) = network.for_person {
            let linked = sqlx::query(
                "update network_person set own_question_id = $1 \
                 where network_person_id = $2 and own_question_id is null and erased_at is null",
            )
            .bind(question_id)
            .bind(person)
            .execute(&mut **tx)
            .await?;
            if linked.rows_affected() != 1 {
                return Err(StoreError::Conflict(
                    "the person already has a question of their own or was erased",
                ));
            }
        }
        self.write_give(tx, question_id, &network.give).await
    }

    /// A person around a resident, for a question of their own: only someone who works in the
    /// district of the resident's question (an audit line either way). Refused as a problem
    /// on the field `network_person`: a person who was erased (`not_allowed`) or who has a
    /// question already (`duplicate`, naming it in `question`).
    pub async fn person_for_own_question(
        &self,
        scope: &AccessScope,
        network_person_id: i64,
        route: &str,
    ) -> Result<PersonForQuestion, StoreError> {
        let question_id = self.network_person_question(network_person_id).await?;
        self.authorise(scope, question_id, AuditAction::Read, route)
            .await?;
        let network = self.load_own_network(question_id).await?;
        let found = network
            .people
            .into_iter()
            .find(|p| p.network_person_id == network_person_id)
            .ok_or(StoreError::NotFound)?;
        if found.erased {
            return Err(StoreError::Problem(FieldProblem::new(
                "network_person",
                ProblemCode::NotAllowed,
            )));
        }
        if let Some(own) = found.own_question_id {
            return Err(StoreError::Problem(
                FieldProblem::new("network_person", ProblemCode::Duplicate)
                    .with("question", reference::encode(own)),
            ));
        }
        Ok(PersonForQuestion {
            network_person_id,
            question_id,
            person: found.person,
        })
    }

    /// Adds a person around the resident to a question (only for someone who works in its
    /// district). Returns the person's id.
    pub async fn add_network_person(
        &self,
        scope: &AccessScope,
        question_id: i64,
        person: &Person,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        let mut tx = self.pool().begin().await?;
        let id = insert_person(&mut tx, question_id, person).await?;
        tx.commit().await?;
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(id)
    }

    /// Erases a person of `question_id`: the first name is blanked, the seat and score
    /// dropped; the row stays. A person of another question is `NotFound`.
    pub async fn erase_network_person(
        &self,
        scope: &AccessScope,
        question_id: i64,
        network_person_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        if self.network_person_question(network_person_id).await? != question_id {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "update network_person set first_name = null, seat = 0, comes_along = 0, \
               ediz_score = null, erased_at = $1 \
             where network_person_id = $2 and erased_at is null",
        )
        .bind(now())
        .bind(network_person_id)
        .execute(self.pool())
        .await?;
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    async fn network_person_question(&self, network_person_id: i64) -> Result<i64, StoreError> {
        sqlx::query_scalar("select question_id from network_person where network_person_id = $1")
            .bind(network_person_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Records what the resident can give and where they want to be (replacing what was
    /// there).
    pub async fn set_give(
        &self,
        scope: &AccessScope,
        question_id: i64,
        give: &Give,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        let mut tx = self.pool().begin().await?;
        self.write_give(&mut tx, question_id, give).await?;
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

    /// The resident's own network and what they give, read for `scope` (an audit line).
    pub async fn own_network(
        &self,
        scope: &AccessScope,
        question_id: i64,
        route: &str,
    ) -> Result<OwnNetwork, StoreError> {
        self.authorise(scope, question_id, AuditAction::Read, route)
            .await?;
        self.load_own_network(question_id).await
    }

    /// A question with its follow-up and the resident's own network, for its page: one read,
    /// one audit line.
    pub async fn question_page(
        &self,
        scope: &AccessScope,
        question_id: i64,
        promise_days: u32,
        today: kring_core::civil::Date,
        route: &str,
    ) -> Result<
        (
            crate::question::Question,
            crate::question_follow_up::FollowUp,
            OwnNetwork,
        ),
        StoreError,
    > {
        let (question, follow_up) = self
            .question_with_follow_up(scope, question_id, promise_days, today, route)
            .await?;
        let network = self.load_own_network(question_id).await?;
        Ok((question, follow_up, network))
    }

    async fn load_own_network(&self, question_id: i64) -> Result<OwnNetwork, StoreError> {
        let people = sqlx::query(
            "select network_person_id, relation, first_name, comes_along, seat, needs_support, \
               ediz_score, erased_at, own_question_id \
             from network_person where question_id = $1 order by network_person_id",
        )
        .bind(question_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            let relation: String = row.try_get("relation")?;
            let ediz: Option<i64> = row.try_get("ediz_score")?;
            let ediz = ediz.map(|s| s.clamp(0, 9) as u8);
            let erased_at: Option<i64> = row.try_get("erased_at")?;
            Ok(NetworkPerson {
                network_person_id: row.try_get("network_person_id")?,
                person: Person {
                    relation: Relation::parse(&relation).ok_or_else(|| {
                        StoreError::Internal(format!("network_person: relation {relation}"))
                    })?,
                    first_name: row.try_get("first_name")?,
                    comes_along: crate::flag(row.try_get("comes_along")?),
                    seat: crate::flag(row.try_get("seat")?),
                    needs_support: crate::flag(row.try_get("needs_support")?),
                    ediz,
                },
                high_strain: high_strain(ediz),
                erased: erased_at.is_some(),
                own_question_id: row.try_get("own_question_id")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let row =
            sqlx::query("select future_wish, give_other from question where question_id = $1")
                .bind(question_id)
                .fetch_one(self.pool())
                .await?;
        let skills: Vec<String> = sqlx::query_scalar(
            "select skill_code from question_skill where question_id = $1 order by skill_code",
        )
        .bind(question_id)
        .fetch_all(self.pool())
        .await?;
        let mut skills: Vec<Skill> = skills.iter().filter_map(|s| Skill::parse(s)).collect();
        skills.sort();
        let live: Vec<&NetworkPerson> = people.iter().filter(|p| !p.erased).collect();
        Ok(OwnNetwork {
            companions: live
                .iter()
                .filter(|p| p.person.comes_along && p.person.seat)
                .count() as u32,
            high_strain: live.iter().any(|p| p.high_strain),
            give: Give {
                future: row.try_get("future_wish")?,
                skills,
                other: row.try_get("give_other")?,
            },
            people,
        })
    }
}
