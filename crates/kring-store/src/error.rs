//! The store's errors: domain conflicts by constraint name, and database faults kept apart so
//! their text never reaches a client.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("ongeldig database-adres: {0}")]
    BadDatabaseUrl(String),
    #[error("database {url} is niet bereikbaar: {cause}")]
    Unreachable { url: String, cause: String },
    #[error("database bijwerken (migratie) mislukt: {0}")]
    Migration(String),
    #[error("niet gevonden")]
    NotFound,
    /// The caller's role or districts do not allow this; the attempt has been audited.
    #[error("geen toegang")]
    Forbidden,
    /// One field refused, as a code with its arguments (the one vocabulary,
    /// `kring_core::problem`); the web crate says it in the reader's language.
    #[error("{0}")]
    Problem(kring_core::problem::FieldProblem),
    /// A unique or foreign key, or a change by someone else, refused the change: the name of
    /// the conflict (one of [`CONSTRAINTS`] or [`CONFLICTS`]), which the web crate says in the
    /// reader's language (`conflict-{name}`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("database-fout: {0}")]
    Database(sqlx::Error),
    #[error("interne fout: {0}")]
    Internal(String),
}

impl StoreError {
    /// Whether the store refused the input or the change (a conflict or a refused field), as
    /// opposed to a fault or a matter of access.
    pub fn is_refusal(&self) -> bool {
        matches!(self, StoreError::Conflict(_) | StoreError::Problem(_))
    }

    /// Whether the database itself is at fault and may heal without anyone changing the
    /// request: unreachable, a full disk, an I/O error, a read-only file, a lock held too long,
    /// no free connection. The web crate answers these with 503, never 401 or 500.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Unreachable { .. } => true,
            StoreError::Database(error) => match error {
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                sqlx::Error::Database(db) => {
                    // SQLite's primary result codes (the low byte of an extended code): BUSY,
                    // LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN; PostgreSQL's classes 53
                    // (insufficient resources), 57 (operator intervention), 58 (system error)
                    // and 25006 (read-only transaction).
                    let code = db.code().unwrap_or_default();
                    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                        code.parse::<i64>()
                            .is_ok_and(|c| matches!(c & 0xff, 5 | 6 | 8 | 10 | 11 | 13 | 14))
                    } else {
                        code.starts_with("53")
                            || code.starts_with("57")
                            || code.starts_with("58")
                            || code == "25006"
                    }
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// The unique and foreign keys (see the migrations) whose refusal is a conflict people can
/// resolve, by name: `StoreError::Conflict` carries the name, and the web crate says it
/// through Fluent (`conflict-{name}`).
pub const CONSTRAINTS: &[&str] = &[
    "account_email_key",
    "organisation_name_key",
    "district_code_year_key",
    "neighbourhood_code_year_key",
    "municipality_code_year_key",
    "postcode_postcode_key",
    "theme_code_key",
    "question_external_id_key",
    "question_form_token_key",
    "question_theme_theme_fkey",
    "account_organisation_fkey",
    "account_district_district_fkey",
    "neighbourhood_district_fkey",
    "postcode_neighbourhood_fkey",
    "district_municipality_fkey",
    "organisation_external_id_key",
    "venue_external_id_key",
    "venue_name_key",
    "offer_external_id_key",
    "organisation_district_district_fkey",
    "venue_organisation_fkey",
    "offer_venue_fkey",
    "offer_organisation_organisation_fkey",
    "offer_theme_theme_fkey",
    "collective_name_key",
    "collective_member_open_key",
    "collective_theme_theme_fkey",
    "collective_session_date_key",
    "network_name_key",
    "erasure_record_resident_key",
    "resident_restriction_active_key",
    "volunteer_match_pair_key",
];

/// The conflicts the store finds itself (a record still in use, a change by someone else at
/// the same moment), by name, said like the constraints (`conflict-{name}`).
pub const CONFLICTS: &[&str] = &[
    "volunteer_match_changed",
    "foreign_key",
    "organisation_in_use",
    "venue_in_use",
    "question_status_changed",
    "signal_status_changed",
    "collective_status_changed",
    "proposal_decided",
    "proposal_expired",
    "proposal_not_a_new_group",
    "bundled_question_changed",
    "bundling_questions_changed",
    "help_request_status_changed",
    "network_step_changed",
    "last_active_admin",
    "resident_erased",
    "resident_not_restricted",
    "initiative_status_changed",
    "initiative_converted",
];

/// Date arithmetic outside years 1 to 9999: typed dates are refused long before (years 1900 to
/// 2199), so this is a fault, reported and never a panic.
impl From<kring_core::civil::CivilError> for StoreError {
    fn from(error: kring_core::civil::CivilError) -> Self {
        StoreError::Internal(format!("date arithmetic: {error}"))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => return StoreError::NotFound,
            sqlx::Error::Database(db) => {
                let name = db.constraint().map(str::to_owned).or_else(|| {
                    // SQLite names no constraint; its message names the columns instead.
                    sqlite_constraint(db.message())
                });
                if let Some(name) = name
                    && let Some(known) = CONSTRAINTS.iter().find(|c| **c == name)
                {
                    return StoreError::Conflict(known);
                }
                if db.message().contains("FOREIGN KEY constraint failed") {
                    return StoreError::Conflict("foreign_key");
                }
            }
            _ => {}
        }
        StoreError::Database(error)
    }
}

/// SQLite reports `UNIQUE constraint failed: account.email`; map the columns to our names.
fn sqlite_constraint(message: &str) -> Option<String> {
    let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
    let name = match columns {
        "account.email" => "account_email_key",
        "organisation.name" => "organisation_name_key",
        "district.code, district.year" => "district_code_year_key",
        "neighbourhood.code, neighbourhood.year" => "neighbourhood_code_year_key",
        "municipality.code, municipality.year" => "municipality_code_year_key",
        "postcode.postcode" => "postcode_postcode_key",
        "theme.code" => "theme_code_key",
        "organisation.external_id" => "organisation_external_id_key",
        "venue.external_id" => "venue_external_id_key",
        "venue.name" => "venue_name_key",
        "offer.external_id" => "offer_external_id_key",
        "question.external_id" => "question_external_id_key",
        "question.form_token" => "question_form_token_key",
        "collective.name" => "collective_name_key",
        "network.name" => "network_name_key",
        "resident_restriction.resident_id" => "resident_restriction_active_key",
        "collective_member.collective_id, collective_member.resident_id" => {
            "collective_member_open_key"
        }
        "collective_session.collective_id, collective_session.session_date" => {
            "collective_session_date_key"
        }
        _ => return None,
    };
    Some(name.to_owned())
}
