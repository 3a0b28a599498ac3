//! What the intake faces share (the professional's form, the resident's `/vraag`, the API and
//! the CSV upload): the rules each channel checks questions by, and a few messages.

use crate::error::FieldErrors;
use kring_core::area::Postcode;
use kring_core::question::{InvalidField, Rules};
use kring_core::theme::ThemeCode;

/// This year, for birth years.
pub fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// Staff (forms and the API): a reason is asked when a question is individual-only.
pub fn staff_rules(known: &[ThemeCode]) -> Rules<'_> {
    Rules {
        known_themes: known,
        this_year: this_year(),
        require_contact: false,
        require_individual_reason: true,
    }
}

/// Residents themselves: they must leave a way to be reached.
pub fn resident_rules(known: &[ThemeCode]) -> Rules<'_> {
    Rules {
        known_themes: known,
        this_year: this_year(),
        require_contact: true,
        require_individual_reason: false,
    }
}

/// A CSV file has no column for the reason.
pub fn import_rules(known: &[ThemeCode]) -> Rules<'_> {
    Rules {
        known_themes: known,
        this_year: this_year(),
        require_contact: false,
        require_individual_reason: false,
    }
}

pub fn unknown_postcode_message(postcode: &Postcode) -> String {
    format!(
        "postcode {} ligt niet in een wijk van deze gemeente; controleer de postcode",
        postcode.display()
    )
}

/// The domain's refusals as field errors.
pub fn field_errors(invalid: Vec<InvalidField>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for field in invalid {
        errors.add(field.field, field.message);
    }
    errors
}

/// A one-time token for an intake form: sent twice (a double click), it stores one question.
pub fn form_token() -> String {
    kring_store::secret::random_token()
}
