//! Stories in storage, with the consent of the people in them. Guides and coordinators write
//! them and record consent; withdrawing anyone's consent clears the story's title and text in
//! the same transaction, so it disappears from every page and the API at once (the public
//! neighbourhood page reads public stories on every request for that reason). Reading a
//! story's consents (names of people) is written to the audit log.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::Date;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::story::{ConsentScope, ConsentState, NewConsent, NewStory, Visibility, visibility};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// One person's consent, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub consent_id: i64,
    pub person: Option<String>,
    pub given_on: String,
    pub scope: ConsentScope,
    pub withdrawn_at: Option<Timestamp>,
}

/// A story with its consents: what its detail page shows to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Story {
    pub story_id: i64,
    pub district_id: i64,
    pub district_name: String,
    pub offer_id: Option<i64>,
    pub offer_title: Option<String>,
    /// `None` once consent was withdrawn.
    pub title: Option<String>,
    pub text: Option<String>,
    pub author_name: Option<String>,
    pub visibility: Visibility,
    pub withdrawn_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub consents: Vec<Consent>,
}

/// A story in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorySummary {
    pub story_id: i64,
    pub district_name: String,
    pub offer_title: Option<String>,
    pub title: Option<String>,
    pub visibility: Visibility,
    pub n_consents: usize,
    pub created_at: Timestamp,
}

/// A story as the public neighbourhood page shows it: no names of consenting people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicStory {
    pub story_id: i64,
    pub title: String,
    pub text: String,
    pub offer_title: Option<String>,
}

impl Store {
    fn require_writer(&self, scope: &AccessScope) -> Result<(), StoreError> {
        if scope.allows(Action::WriteStories) {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Whether the caller may work with stories of this district; the attempt is audited
    /// (`denied` before refusing).
    async fn story_district_guard(
        &self,
        scope: &AccessScope,
        district_id: i64,
        action: AuditAction,
        record_id: &str,
        route: &str,
        audit_allowed: bool,
    ) -> Result<(), StoreError> {
        let allowed = scope.allows(Action::WriteStoriesIn(district_id));
        if !allowed || audit_allowed {
            self.audit(AuditEntry {
                account_id: Some(scope.account_id),
                action,
                record_type: "story",
                record_id,
                route,
                outcome: if allowed {
                    AuditOutcome::Allowed
                } else {
                    AuditOutcome::Denied
                },
            })
            .await?;
        }
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// The story's district, or `NotFound`.
    async fn story_district(&self, story_id: i64) -> Result<i64, StoreError> {
        sqlx::query_scalar("select district_id from story where story_id = $1")
            .bind(story_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Checks the caller may change this story (its district), auditing a refusal.
    async fn story_write_guard(
        &self,
        scope: &AccessScope,
        story_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.require_writer(scope)?;
        let district_id = self.story_district(story_id).await?;
        self.story_district_guard(
            scope,
            district_id,
            AuditAction::Update,
            &story_id.to_string(),
            route,
            false,
        )
        .await
    }

    /// Stores a story with its first consent.
    pub async fn create_story(
        &self,
        scope: &AccessScope,
        district_id: i64,
        offer_id: Option<i64>,
        story: &NewStory,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.require_writer(scope)?;
        self.story_district_guard(scope, district_id, AuditAction::Create, "", route, false)
            .await?;
        if let Some(offer_id) = offer_id {
            let known: i64 = sqlx::query_scalar("select count(*) from offer where offer_id = $1")
                .bind(offer_id)
                .fetch_one(self.pool())
                .await?;
            if known == 0 {
                return Err(StoreError::Problem(FieldProblem::new(
                    "offer_id",
                    ProblemCode::Unknown,
                )));
            }
        }
        let now = now();
        let mut tx = self.pool().begin().await?;
        let story_id: i64 = sqlx::query_scalar(
            "insert into story (district_id, offer_id, title, text, author_account_id, \
               created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) returning story_id",
        )
        .bind(district_id)
        .bind(offer_id)
        .bind(story.title.as_str())
        .bind(story.text.as_str())
        .bind(scope.account_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_consent(&mut tx, story_id, &story.consent, scope.account_id, now).await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "story",
            record_id: &story_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(story_id)
    }

    async fn consent_states(&self) -> Result<HashMap<i64, Vec<ConsentState>>, StoreError> {
        let rows = sqlx::query("select story_id, scope, withdrawn_at from story_consent")
            .fetch_all(self.pool())
            .await?;
        let mut states: HashMap<i64, Vec<ConsentState>> = HashMap::new();
        for row in rows {
            states
                .entry(row.try_get("story_id")?)
                .or_default()
                .push(ConsentState {
                    scope: ConsentScope::parse(&row.try_get::<String, _>("scope")?)
                        .unwrap_or(ConsentScope::Internal),
                    withdrawn: row.try_get::<Option<i64>, _>("withdrawn_at")?.is_some(),
                });
        }
        Ok(states)
    }

    /// Every story the caller may work with, newest first: coordinators see all, a
    /// professional those of their own districts.
    pub async fn stories(&self, scope: &AccessScope) -> Result<Vec<StorySummary>, StoreError> {
        self.require_writer(scope)?;
        let states = self.consent_states().await?;
        let rows = sqlx::query(
            "select s.story_id, d.name as district_name, o.title as offer_title, s.title, \
               s.created_at, s.district_id \
             from story s join district d on d.district_id = s.district_id \
             left join offer o on o.offer_id = s.offer_id \
             order by s.created_at desc, s.story_id desc",
        )
        .fetch_all(self.pool())
        .await?;
        let mut stories = Vec::new();
        for row in &rows {
            if !scope.allows(Action::WriteStoriesIn(row.try_get("district_id")?)) {
                continue;
            }
            let story_id: i64 = row.try_get("story_id")?;
            let consents = states.get(&story_id).map(Vec::as_slice).unwrap_or_default();
            stories.push(StorySummary {
                story_id,
                district_name: row.try_get("district_name")?,
                offer_title: row.try_get("offer_title")?,
                title: row.try_get("title")?,
                visibility: visibility(consents),
                n_consents: consents.len(),
                created_at: row.try_get("created_at")?,
            });
        }
        Ok(stories)
    }

    /// One story with its consents; the read (names of people) is audited.
    pub async fn story(
        &self,
        scope: &AccessScope,
        story_id: i64,
        route: &str,
    ) -> Result<Story, StoreError> {
        if !scope.allows(Action::WriteStories) {
            self.audit(AuditEntry {
                account_id: Some(scope.account_id),
                action: AuditAction::Read,
                record_type: "story",
                record_id: &story_id.to_string(),
                route,
                outcome: AuditOutcome::Denied,
            })
            .await?;
            return Err(StoreError::Forbidden);
        }
        let district_id = self.story_district(story_id).await?;
        self.story_district_guard(
            scope,
            district_id,
            AuditAction::Read,
            &story_id.to_string(),
            route,
            true,
        )
        .await?;
        let row = sqlx::query(
            "select s.story_id, s.district_id, d.name as district_name, s.offer_id, \
               o.title as offer_title, s.title, s.text, a.display_name as author_name, \
               s.withdrawn_at, s.created_at \
             from story s join district d on d.district_id = s.district_id \
             left join offer o on o.offer_id = s.offer_id \
             left join account a on a.account_id = s.author_account_id \
             where s.story_id = $1",
        )
        .bind(story_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let consents: Vec<Consent> = sqlx::query(
            "select story_consent_id, person, given_on, scope, withdrawn_at from story_consent \
             where story_id = $1 order by story_consent_id",
        )
        .bind(story_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Consent {
                consent_id: row.try_get("story_consent_id")?,
                person: row.try_get("person")?,
                given_on: row.try_get("given_on")?,
                scope: ConsentScope::parse(&row.try_get::<String, _>("scope")?)
                    .unwrap_or(ConsentScope::Internal),
                withdrawn_at: row.try_get("withdrawn_at")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let states: Vec<ConsentState> = consents
            .iter()
            .map(|c| ConsentState {
                scope: c.scope,
                withdrawn: c.withdrawn_at.is_some(),
            })
            .collect();
        Ok(Story {
            story_id: row.try_get("story_id")?,
            district_id: row.try_get("district_id")?,
            district_name: row.try_get("district_name")?,
            offer_id: row.try_get("offer_id")?,
            offer_title: row.try_get("offer_title")?,
            title: row.try_get("title")?,
            text: row.try_get("text")?,
            author_name: row.try_get("author_name")?,
            visibility: visibility(&states),
            withdrawn_at: row.try_get("withdrawn_at")?,
            created_at: row.try_get("created_at")?,
            consents,
        })
    }

    /// Records one more person's consent; a withdrawn story takes none.
    pub async fn add_story_consent(
        &self,
        scope: &AccessScope,
        story_id: i64,
        consent: &NewConsent,
        route: &str,
    ) -> Result<(), StoreError> {
        self.story_write_guard(scope, story_id, route).await?;
        let withdrawn: Option<Option<i64>> =
            sqlx::query_scalar("select withdrawn_at from story where story_id = $1")
                .bind(story_id)
                .fetch_optional(self.pool())
                .await?;
        match withdrawn {
            None => return Err(StoreError::NotFound),
            Some(Some(_)) => {
                return Err(StoreError::Problem(FieldProblem::new(
                    "story",
                    ProblemCode::Closed,
                )));
            }
            Some(None) => {}
        }
        let mut tx = self.pool().begin().await?;
        insert_consent(&mut tx, story_id, consent, scope.account_id, now()).await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "story",
            record_id: &story_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await
    }

    /// Withdraws one person's consent: the story's title and text are cleared in the same
    /// transaction, so it is gone everywhere at once.
    pub async fn withdraw_story_consent(
        &self,
        scope: &AccessScope,
        story_id: i64,
        consent_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.story_write_guard(scope, story_id, route).await?;
        let now = now();
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "update story_consent set withdrawn_at = $1 \
             where story_consent_id = $2 and story_id = $3 and withdrawn_at is null",
        )
        .bind(now)
        .bind(consent_id)
        .bind(story_id)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "update story set title = null, text = null, withdrawn_at = coalesce(withdrawn_at, $1), \
               updated_at = $1 where story_id = $2",
        )
        .bind(now)
        .bind(story_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "story_consent",
            record_id: &consent_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await
    }

    /// The district's stories everyone in them agreed to publish, newest first.
    pub async fn public_stories(&self, district_id: i64) -> Result<Vec<PublicStory>, StoreError> {
        self.public_stories_where("s.district_id = $1", district_id.to_string().as_str(), true)
            .await
    }

    /// [`Store::public_stories`] by the district's code, for the public neighbourhood page,
    /// which reads them on every request so a withdrawn consent shows at once.
    pub async fn public_stories_by_code(
        &self,
        district_code: &str,
    ) -> Result<Vec<PublicStory>, StoreError> {
        self.public_stories_where("d.code = $1", district_code, false)
            .await
    }

    async fn public_stories_where(
        &self,
        condition: &str,
        value: &str,
        numeric: bool,
    ) -> Result<Vec<PublicStory>, StoreError> {
        let sql = format!(
            "select s.story_id, s.title, s.text, o.title as offer_title from story s \
             join district d on d.district_id = s.district_id \
             left join offer o on o.offer_id = s.offer_id \
             where {condition} and s.withdrawn_at is null \
               and exists (select 1 from story_consent c where c.story_id = s.story_id) \
               and not exists (select 1 from story_consent c where c.story_id = s.story_id \
                    and (c.scope <> 'public' or c.withdrawn_at is not null)) \
             order by s.created_at desc, s.story_id desc limit 20"
        );
        let query = sqlx::query(&sql);
        let query = if numeric {
            query.bind(value.parse::<i64>().unwrap_or_default())
        } else {
            query.bind(value)
        };
        let rows = query.fetch_all(self.pool()).await?;
        let mut stories = Vec::new();
        for row in &rows {
            let (Some(title), Some(text)) = (
                row.try_get::<Option<String>, _>("title")?,
                row.try_get::<Option<String>, _>("text")?,
            ) else {
                continue;
            };
            stories.push(PublicStory {
                story_id: row.try_get("story_id")?,
                title,
                text,
                offer_title: row.try_get("offer_title")?,
            });
        }
        Ok(stories)
    }
}

async fn insert_consent(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    story_id: i64,
    consent: &NewConsent,
    recorded_by: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into story_consent (story_id, person, given_on, scope, recorded_by, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(story_id)
    .bind(consent.person.as_str())
    .bind(date_text(consent.given_on))
    .bind(consent.scope.code())
    .bind(recorded_by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn date_text(date: Date) -> String {
    date.to_string()
}

impl Store {
    /// The district of a collective, to check a story's collective before the story is written;
    /// `None` for an unknown collective. No person in it.
    pub async fn collective_district(&self, collective_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("select district_id from collective where collective_id = $1")
                .bind(collective_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Links a story to the collective it is about (migration 0011); the collective must be in
    /// the story's district (a field error `collective` otherwise).
    pub async fn set_story_collective(
        &self,
        scope: &AccessScope,
        story_id: i64,
        collective_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.story_write_guard(scope, story_id, route).await?;
        let same: i64 = sqlx::query_scalar(
            "select count(*) from collective c join story s on s.district_id = c.district_id \
             where c.collective_id = $1 and s.story_id = $2",
        )
        .bind(collective_id)
        .bind(story_id)
        .fetch_one(self.pool())
        .await?;
        if same == 0 {
            let mut problem = FieldProblem::new("collective", ProblemCode::NotPartOf);
            problem.form = Some("story");
            return Err(StoreError::Problem(problem));
        }
        sqlx::query("update story set collective_id = $1, updated_at = $2 where story_id = $3")
            .bind(collective_id)
            .bind(now())
            .bind(story_id)
            .execute(self.pool())
            .await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "story",
            record_id: &story_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await
    }

    /// The collective a story is about, as (id, name).
    pub async fn story_collective(
        &self,
        story_id: i64,
    ) -> Result<Option<(i64, String)>, StoreError> {
        let row = sqlx::query(
            "select c.collective_id, c.name from story s \
             join collective c on c.collective_id = s.collective_id where s.story_id = $1",
        )
        .bind(story_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| Ok((row.try_get("collective_id")?, row.try_get("name")?)))
            .transpose()
    }
}
