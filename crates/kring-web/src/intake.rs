//! What the intake faces share (the professional's form, the resident's `/vraag`, the API and
//! the CSV upload): the rules each channel checks questions by, and a few messages.

use crate::error::FieldErrors;
use crate::i18n::Lang;
use kring_core::area::Postcode;
use kring_core::question::{
    InvalidField, MAX_EXTERNAL_ID, MAX_HOUSE_NUMBER, MAX_NAME, MAX_NOTE, MAX_REASON, MAX_TEXT,
    QuestionInput, Rules, TransitionError, clean_text,
};
use kring_core::theme::ThemeCode;
use kring_store::area::PostcodeLocation;

/// This year in the Netherlands, for birth years.
pub fn this_year() -> i32 {
    kring_store::today().year()
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

/// Where a typed postcode lies, looked up whether or not the other fields are valid, so that
/// an unknown postcode is reported together with every other refused field. `None` when the
/// postcode does not even parse (the domain's checks report that), `Some(None)` when it parses
/// but lies in no district of this municipality.
pub async fn locate_typed_postcode(
    store: &kring_store::Store,
    typed: &str,
) -> Result<Option<(Postcode, Option<PostcodeLocation>)>, kring_store::StoreError> {
    let Ok(postcode) = Postcode::parse(typed) else {
        return Ok(None);
    };
    let location = store.locate_postcode(&postcode).await?;
    Ok(Some((postcode, location)))
}

/// The domain's refusals as field errors.
pub fn field_errors(invalid: Vec<InvalidField>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for field in invalid {
        errors.add(field.field, field.message);
    }
    errors
}

/// The domain's refusals as field errors in the page's language, for the staff forms: each
/// refusal has its own message key in `locales/*/questions.ftl` (as `/vraag` does for
/// residents); where a field can be refused for more than one reason, what was typed tells
/// which.
pub fn staff_field_errors(
    lang: Lang,
    invalid: Vec<InvalidField>,
    input: &QuestionInput,
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for field in invalid {
        errors.add(field.field, staff_message(lang, field.field, input));
    }
    errors
}

fn staff_message(lang: Lang, field: &str, input: &QuestionInput) -> String {
    let too_long =
        |max: usize| lang.t_with("questions-error-too-long", &[("max", max.to_string())]);
    let blank = |text: &str| clean_text(text).is_empty();
    let none_chosen = |list: &[String]| list.iter().all(|item| blank(item));
    match field {
        "name" => too_long(MAX_NAME),
        "phone" if blank(&input.phone) => lang.t("questions-error-contact"),
        "phone" => lang.t("questions-error-phone"),
        "email" => lang.t("questions-error-email"),
        "postcode" if blank(&input.postcode) => lang.t("questions-error-postcode-missing"),
        "postcode" => lang.t("questions-error-postcode-invalid"),
        "house_number" => lang.t_with(
            "questions-error-house-number",
            &[("max", MAX_HOUSE_NUMBER.to_string())],
        ),
        "birth_year" => lang.t_with(
            "questions-error-birth-year",
            &[("year", this_year().to_string())],
        ),
        "languages" if none_chosen(&input.languages) => lang.t("questions-error-languages-missing"),
        "languages" => lang.t("questions-error-languages-unknown"),
        "note" => too_long(MAX_NOTE),
        "text" if blank(&input.text) => lang.t("questions-error-text-missing"),
        "text" => too_long(MAX_TEXT),
        "themes" if none_chosen(&input.themes) => lang.t("questions-error-themes-missing"),
        "themes" => lang.t("questions-error-themes-unknown"),
        "availability" if none_chosen(&input.availability) => {
            lang.t("questions-error-availability-missing")
        }
        "availability" => lang.t("questions-error-availability-unknown"),
        "max_travel_m" => lang.t("questions-error-reach"),
        "individual_only" => lang.t("questions-error-yes-no"),
        "individual_reason" if blank(&input.individual_reason) => {
            lang.t("questions-error-individual-reason")
        }
        "individual_reason" => too_long(MAX_REASON),
        "urgency" => lang.t("questions-error-urgency"),
        "external_id" => too_long(MAX_EXTERNAL_ID),
        _ => lang.t("questions-error-other"),
    }
}

/// An unknown postcode on a staff page, in the page's language.
pub fn staff_unknown_postcode(lang: Lang, postcode: &Postcode) -> String {
    lang.t_with(
        "questions-error-postcode-unknown",
        &[("postcode", postcode.display())],
    )
}

/// A refused status step on a staff page, in the page's language.
pub fn transition_message(lang: Lang, refused: &TransitionError) -> String {
    match refused {
        TransitionError::Illegal { from, to } => lang.t_with(
            "questions-error-step-illegal",
            &[
                ("from", lang.t(&format!("status-{}", from.code()))),
                ("to", lang.t(&format!("status-{}", to.code()))),
            ],
        ),
        TransitionError::Unchanged => lang.t("questions-error-step-unchanged"),
        TransitionError::ReasonRequired => lang.t("questions-error-reason-required"),
        TransitionError::ReasonTooLong => lang.t_with(
            "questions-error-too-long",
            &[("max", MAX_REASON.to_string())],
        ),
        TransitionError::OutcomeRequired => lang.t("questions-error-outcome-required"),
        TransitionError::OutcomeNotAllowed => lang.t("questions-error-outcome-not-allowed"),
        TransitionError::NotByHand { to } => lang.t_with(
            "questions-error-step-not-by-hand",
            &[("to", lang.t(&format!("status-{}", to.code())))],
        ),
    }
}

/// A one-time token for an intake form: sent twice (a double click), it stores one question.
pub fn form_token() -> String {
    kring_store::secret::random_token()
}
