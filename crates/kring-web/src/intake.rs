//! What the intake faces share (the professional's form, the resident's `/vraag`, the API and
//! the CSV upload): the rules each channel checks questions by, and a few messages.

use crate::error::FieldErrors;
use crate::i18n::Lang;
use kring_core::area::Postcode;
use kring_core::problem::{FieldProblem, FieldProblems, ProblemCode};
use kring_core::question::{MAX_HOUSE_NUMBER, MAX_REASON, Rules, TransitionError};
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
        today: kring_store::today(),
        require_contact: false,
        require_individual_reason: true,
    }
}

/// Residents themselves: they must leave a way to be reached.
pub fn resident_rules(known: &[ThemeCode]) -> Rules<'_> {
    Rules {
        known_themes: known,
        today: kring_store::today(),
        require_contact: true,
        require_individual_reason: false,
    }
}

/// A CSV file has no column for the reason.
pub fn import_rules(known: &[ThemeCode]) -> Rules<'_> {
    Rules {
        known_themes: known,
        today: kring_store::today(),
        require_contact: false,
        require_individual_reason: false,
    }
}

/// A postcode that parses but lies in no district of this municipality.
pub fn unknown_postcode(postcode: &Postcode) -> FieldProblem {
    FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
        .with("postcode", postcode.display())
}

/// One problem of an uploaded file as people read it: `regel 3, kolom text: …` in the
/// reader's language, a refused cell or a fault of the file itself said by its code (a fault
/// of the file, marked with the `csv` form, by its `problem-csv-*` sentence). Line 0 is the
/// upload itself, said without a line.
pub fn cell_error(lang: Lang, error: &kring_core::question_csv::CellError) -> String {
    let message = match &error.problem {
        Some(problem) if problem.form.is_some() => lang.problem(problem),
        Some(problem) => staff_message(lang, problem),
        None => error.message.clone(),
    };
    if error.line == 0 {
        return message;
    }
    match &error.column {
        Some(column) => lang.t_with(
            "import-cell-error",
            &[
                ("line", error.line.to_string()),
                ("column", column.clone()),
                ("message", message),
            ],
        ),
        None => lang.t_with(
            "import-line-error",
            &[("line", error.line.to_string()), ("message", message)],
        ),
    }
}

/// Refused fields said by the one vocabulary's `problem-*` messages (signals, stories).
pub fn problem_errors(lang: Lang, problems: FieldProblems) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for problem in problems {
        errors.add_problem(lang, &problem);
    }
    errors
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

/// The domain's refusals of a question as field errors in the caller's language (staff
/// forms and the API): each (field, code) has its staff message in `locales/*/questions.ftl`;
/// anything else is said by the one vocabulary's `problem-*` messages.
pub fn staff_field_errors(lang: Lang, problems: FieldProblems) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for problem in problems {
        errors.add_coded(&problem, staff_message(lang, &problem));
    }
    errors
}

fn staff_message(lang: Lang, problem: &FieldProblem) -> String {
    use ProblemCode::*;
    let key = match (problem.field.as_str(), problem.code) {
        (_, TooLong) => {
            let max = problem.arg("max").unwrap_or_default().to_owned();
            return lang.t_with("questions-error-too-long", &[("max", max)]);
        }
        ("phone", ContactRequired) => "questions-error-contact",
        ("phone", _) => "questions-error-phone",
        ("email", _) => "questions-error-email",
        ("postcode", Required) => "questions-error-postcode-missing",
        ("postcode", NotInMunicipality) => {
            let postcode = problem.arg("postcode").unwrap_or_default().to_owned();
            return lang.t_with(
                "questions-error-postcode-unknown",
                &[("postcode", postcode)],
            );
        }
        ("postcode", OtherDistrict) => {
            let district = problem.arg("district").unwrap_or_default().to_owned();
            return lang.t_with("questions-outside-districts", &[("district", district)]);
        }
        ("postcode", _) => "questions-error-postcode-invalid",
        ("house_number", _) => {
            return lang.t_with(
                "questions-error-house-number",
                &[("max", MAX_HOUSE_NUMBER.to_string())],
            );
        }
        ("birth_year", _) => {
            let year = problem
                .arg("max")
                .map(str::to_owned)
                .unwrap_or_else(|| this_year().to_string());
            return lang.t_with("questions-error-birth-year", &[("year", year)]);
        }
        ("languages", Required) => "questions-error-languages-missing",
        ("languages", _) => "questions-error-languages-unknown",
        ("text", Required) => "questions-error-text-missing",
        ("themes", Required) => "questions-error-themes-missing",
        ("themes", _) => "questions-error-themes-unknown",
        ("availability", Required) => "questions-error-availability-missing",
        ("availability", _) => "questions-error-availability-unknown",
        ("max_travel_m", _) => "questions-error-reach",
        ("individual_only", _) => "questions-error-yes-no",
        ("individual_reason", _) => "questions-error-individual-reason",
        ("urgency", _) => "questions-error-urgency",
        _ => return lang.problem(problem),
    };
    lang.t(key)
}

/// An unknown postcode on a staff page or in the API, in the caller's language.
pub fn staff_unknown_postcode(lang: Lang, postcode: &Postcode) -> String {
    staff_message(lang, &unknown_postcode(postcode))
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

/// A refused signal step as a field problem and its sentence in `lang`: `status` for a step
/// that is not possible, `outcome` or `note` for the rest.
pub fn signal_step_refusal(
    lang: Lang,
    refused: &kring_core::signal::SignalTransitionError,
) -> (FieldProblem, String) {
    use kring_core::signal::{MAX_NOTE, SignalTransitionError as Refused};
    let status =
        |s: &kring_core::signal::SignalStatus| lang.t(&format!("signal-status-{}", s.code()));
    match refused {
        Refused::Illegal { from, to } => (
            FieldProblem::new("status", ProblemCode::NotAllowed)
                .with("from", from.code())
                .with("to", to.code()),
            lang.t_with(
                "signals-error-step-illegal",
                &[("from", status(from)), ("to", status(to))],
            ),
        ),
        Refused::Unchanged => (
            FieldProblem::new("status", ProblemCode::NotAllowed),
            lang.t("signals-error-step-unchanged"),
        ),
        Refused::OutcomeRequired => (
            FieldProblem::new("outcome", ProblemCode::Required),
            lang.t("signals-error-outcome-required"),
        ),
        Refused::OutcomeNotAllowed => (
            FieldProblem::new("outcome", ProblemCode::NotAllowed),
            lang.t("signals-error-outcome-not-allowed"),
        ),
        Refused::ContactFirst => (
            FieldProblem::new("outcome", ProblemCode::NotYetHappened),
            lang.t("signals-error-contact-first"),
        ),
        Refused::NoteTooLong => (
            FieldProblem::too_long("note", MAX_NOTE),
            lang.t_with(
                "signals-error-note-too-long",
                &[("max", MAX_NOTE.to_string())],
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_core::question_csv::ParsedQuestions;

    #[test]
    fn a_row_refused_after_the_file_checks_is_said_in_the_readers_language() {
        let mut parsed = ParsedQuestions::default();
        parsed.reject(
            4,
            FieldProblem::new("postcode", ProblemCode::OtherDistrict)
                .with("postcode", "9911")
                .with("district", "WK999902"),
        );
        parsed.reject(
            2,
            FieldProblem::new("external_id", ProblemCode::Taken)
                .with("value", "A-1")
                .of_form("question"),
        );
        let said =
            |lang| -> Vec<String> { parsed.errors.iter().map(|e| cell_error(lang, e)).collect() };
        assert_eq!(
            said(Lang::En),
            [
                "line 2, column external_id: There is already a question with external_id A-1.",
                "line 4, column postcode: this postcode lies in district WK999902, where you do not work",
            ]
        );
        assert_eq!(
            said(Lang::Nl)[0],
            "regel 2, kolom external_id: Er is al een vraag met external_id A-1."
        );
    }
}
