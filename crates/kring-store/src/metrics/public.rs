//! The public headline figures and the members' anonymous ratings of their collective.

use super::*;

/// The headline figures on the public municipality page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicSummary {
    pub year: i32,
    /// Questions first answered in a collective or an offer this year.
    pub answered_together: Cell,
    pub active_collectives: Cell,
    pub offers: Cell,
    pub organisations: Cell,
}

/// A member's rating of their collective, as the guide records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating {
    pub score: u8,
    pub sentence: String,
    pub rated_on: Date,
}

/// The longest sentence a rating keeps.
pub const RATING_SENTENCE_MAX: usize = 300;

/// A rating as typed, checked: score 1–5, sentence at most 300 characters, a date not in the
/// future. Errors by field.
pub fn check_rating(
    score: &str,
    sentence: &str,
    rated_on: &str,
    today: Date,
) -> Result<NewRating, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let score = match score.trim().parse::<u8>() {
        Ok(n @ 1..=5) => Some(n),
        _ => {
            errors.push(("score", "rating-score-invalid"));
            None
        }
    };
    let sentence = sentence.trim().to_owned();
    if sentence.chars().count() > RATING_SENTENCE_MAX {
        errors.push(("sentence", "rating-sentence-too-long"));
    }
    let rated_on = if rated_on.trim().is_empty() {
        Some(today)
    } else {
        match Date::parse(rated_on.trim()) {
            Ok(date) if date <= today => Some(date),
            _ => {
                errors.push(("rated_on", "rating-date-invalid"));
                None
            }
        }
    };
    match (score, rated_on) {
        (Some(score), Some(rated_on)) if errors.is_empty() => Ok(NewRating {
            score,
            sentence,
            rated_on,
        }),
        _ => Err(errors),
    }
}

/// A recorded rating as its collective's page lists it (anonymous).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub rating_id: i64,
    pub score: u8,
    pub sentence: String,
    pub rated_on: Date,
}

impl Store {
    /// The public headline figures of the whole municipality for the year of `today`.
    pub async fn public_summary(&self, today: Date) -> Result<PublicSummary, StoreError> {
        let threshold = self.dashboard_settings().await?.threshold;
        let districts: Vec<i64> = self
            .districts()
            .await?
            .iter()
            .map(|d| d.district_id)
            .collect();
        let year_start = start_of(
            Date::from_ymd(today.year(), 1, 1).map_err(|e| StoreError::Internal(e.to_string()))?,
        );
        let together = self
            .first_answers(&districts)
            .await?
            .into_iter()
            .filter(|(collective, at)| *collective && *at >= year_start)
            .count() as u64;
        let count = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(self.pool())
                .await
                .map(|n| n.max(0) as u64)
        };
        Ok(PublicSummary {
            year: today.year(),
            answered_together: Cell::count(together, threshold),
            active_collectives: Cell::count(
                count("select count(*) from collective where status = 'active'").await?,
                threshold,
            ),
            offers: Cell::count(count("select count(*) from offer").await?, threshold),
            organisations: Cell::count(
                count("select count(*) from organisation").await?,
                threshold,
            ),
        })
    }

    /// Records a member's rating of a collective, anonymously; whoever runs the collective may
    /// (its district's professionals and its guides; the audit log gets the attempt either way).
    pub async fn record_rating(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        rating: &NewRating,
        route: &str,
    ) -> Result<i64, StoreError> {
        let allowed = self.collective(scope, collective_id).await?.runs(scope);
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "collective_rating",
            record_id: &collective_id.to_string(),
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
        let id: i64 = sqlx::query_scalar(
            "insert into collective_rating \
               (collective_id, score, sentence, rated_on, recorded_by, created_at) \
             values ($1, $2, $3, $4, $5, $6) returning collective_rating_id",
        )
        .bind(collective_id)
        .bind(i64::from(rating.score))
        .bind(&rating.sentence)
        .bind(rating.rated_on.to_string())
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// The ratings of a collective, newest first, for whoever sees the collective.
    pub async fn ratings(
        &self,
        scope: &AccessScope,
        collective_id: i64,
    ) -> Result<Vec<Rating>, StoreError> {
        self.collective(scope, collective_id).await?;
        let rows = sqlx::query(
            "select collective_rating_id, score, sentence, rated_on from collective_rating \
             where collective_id = $1 order by rated_on desc, collective_rating_id desc",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Rating {
                    rating_id: row.try_get("collective_rating_id")?,
                    score: row.try_get::<i64, _>("score")?.clamp(1, 5) as u8,
                    sentence: row.try_get("sentence")?,
                    rated_on: Date::parse(&row.try_get::<String, _>("rated_on")?)
                        .map_err(|e| StoreError::Internal(e.to_string()))?,
                })
            })
            .collect()
    }
}
