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
    /// A unique or foreign key refused the change; the string names what, for people.
    #[error("{0}")]
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
}

/// Constraint names (see the migrations) and what a person should read when one refuses.
const CONSTRAINTS: &[(&str, &str)] = &[
    (
        "account_email_key",
        "er is al een account met dit e-mailadres",
    ),
    (
        "organisation_name_key",
        "er is al een organisatie met deze naam",
    ),
    (
        "district_code_year_key",
        "er is al een wijk met deze code in dit jaar",
    ),
    (
        "neighbourhood_code_year_key",
        "er is al een buurt met deze code in dit jaar",
    ),
    (
        "municipality_code_year_key",
        "er is al een gemeente met deze code in dit jaar",
    ),
    (
        "postcode_postcode_key",
        "deze postcode is al gekoppeld aan een buurt",
    ),
    ("theme_code_key", "er is al een thema met deze code"),
    (
        "question_external_id_key",
        "er is al een vraag met dit externe kenmerk (external_id)",
    ),
    ("question_form_token_key", "dit formulier is al verstuurd"),
    ("question_theme_theme_fkey", "dit thema bestaat niet"),
    ("account_organisation_fkey", "deze organisatie bestaat niet"),
    ("account_district_district_fkey", "deze wijk bestaat niet"),
    (
        "neighbourhood_district_fkey",
        "deze wijk bestaat niet of heeft nog buurten",
    ),
    (
        "postcode_neighbourhood_fkey",
        "deze buurt bestaat niet of heeft nog postcodes",
    ),
    (
        "district_municipality_fkey",
        "deze gemeente bestaat niet of heeft nog wijken",
    ),
    // The network (0003).
    (
        "organisation_external_id_key",
        "er is al een organisatie met deze external_id",
    ),
    (
        "venue_external_id_key",
        "er is al een plek met deze external_id",
    ),
    ("venue_name_key", "er is al een plek met deze naam"),
    (
        "offer_external_id_key",
        "er is al een activiteit met deze external_id",
    ),
    (
        "organisation_district_district_fkey",
        "deze wijk bestaat niet",
    ),
    ("venue_organisation_fkey", "deze organisatie bestaat niet"),
    (
        "offer_venue_fkey",
        "deze plek bestaat niet of wordt nog gebruikt door activiteiten",
    ),
    (
        "offer_organisation_organisation_fkey",
        "deze organisatie bestaat niet of organiseert nog activiteiten",
    ),
    ("offer_theme_theme_fkey", "onbekend thema"),
    // Collectives (0005).
    (
        "collective_name_key",
        "er is al een collectief met deze naam",
    ),
    (
        "collective_member_open_key",
        "deze bewoner is al lid van dit collectief",
    ),
    ("collective_theme_theme_fkey", "onbekend thema"),
    (
        "collective_session_date_key",
        "op deze dag is al een bijeenkomst",
    ),
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
                    && let Some((_, message)) = CONSTRAINTS.iter().find(|(c, _)| *c == name)
                {
                    return StoreError::Conflict(message);
                }
                if db.message().contains("FOREIGN KEY constraint failed") {
                    return StoreError::Conflict("dit hangt samen met andere gegevens");
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
