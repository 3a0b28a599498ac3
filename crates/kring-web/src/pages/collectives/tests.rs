//! Every refusal the collectives say reads in English and in Dutch.
use super::*;
use ProblemCode::*;
use kring_core::collective::{FORM, GOAL_FORM, of_form};

/// Every refusal the collectives say (pages and API), with the arguments it carries.
fn refusals() -> Vec<FieldProblem> {
    let p = |field: &str, code: ProblemCode, args: &[(&str, &str)]| {
        args.iter()
            .fold(FieldProblem::new(field, code), |p, (k, v)| p.with(k, v))
    };
    let mut list: Vec<FieldProblem> = [
        p("name", Required, &[]),
        p("name", TooLong, &[("max", "80")]),
        p("name", Taken, &[("value", "Leopard")]),
        p("name", Invalid, &[("reason", "one_line")]),
        p("motto", Invalid, &[("reason", "control")]),
        p("colour", Required, &[]),
        p("colour", Unknown, &[("value", "fuchsia")]),
        p("purpose", Required, &[]),
        p("themes", Required, &[]),
        p("themes", Unknown, &[("value", "x")]),
        p("languages", Unknown, &[("value", "klingon")]),
        p("district", Required, &[]),
        p("district", Invalid, &[("value", "wijk 1")]),
        p("district", Unknown, &[("value", "WK999999")]),
        p("venue_id", Required, &[]),
        p("venue_id", Invalid, &[("value", "x")]),
        p("venue_id", Unknown, &[("value", "9")]),
        p("online_url", Invalid, &[("reason", "url")]),
        p("capacity", Required, &[]),
        p("capacity", Invalid, &[("value", "veel")]),
        p("capacity", OutOfRange, &[("min", "1"), ("max", "500")]),
        p("capacity", BelowCurrent, &[("count", "7")]),
        p("capacity", Taken, &[("count", "12")]),
        p("first_date", Required, &[]),
        p("first_date", Invalid, &[("value", "morgen")]),
        p("start", Invalid, &[("value", "x")]),
        p("end", Required, &[]),
        p("end", NotAfterStart, &[]),
        p("repeat", Unknown, &[("value", "daily")]),
        p("until", Required, &[]),
        p("until", Invalid, &[("reason", "date"), ("value", "x")]),
        p("until", BeforeStart, &[("start", "2026-12-01")]),
        p(
            "until",
            Invalid,
            &[("reason", "too_long"), ("limit", "2029-12-01")],
        ),
        p("rrule", Required, &[]),
        p("exceptions", Invalid, &[("reason", "date"), ("value", "x")]),
        p("exceptions", Invalid, &[("reason", "no_occurrences")]),
        p("exceptions", OutOfRange, &[("min", "0"), ("max", "400")]),
        p("guides", Unknown, &[("value", "9")]),
        p("guides", WrongRole, &[("value", "Piet")]),
        p("status", Unknown, &[("value", "weg")]),
        p(
            "status",
            NotAllowed,
            &[("reason", "illegal"), ("from", "ended"), ("to", "active")],
        ),
        p(
            "status",
            NotAllowed,
            &[
                ("reason", "unchanged"),
                ("from", "active"),
                ("to", "active"),
            ],
        ),
        p("reason", TooLong, &[("max", "1000")]),
        p("reason", Required, &[]),
        p("reason", Unknown, &[("value", "weg")]),
        p("collective", Closed, &[("status", "ended")]),
        p("question_id", Required, &[]),
        p("question_id", Invalid, &[("value", "x")]),
        p("question_id", Unknown, &[("value", "9")]),
        p("question_id", OtherDistrict, &[]),
        p("question_id", NotAllowed, &[("from", "closed")]),
        p("question_id", Duplicate, &[]),
        p("resident_id", OtherDistrict, &[]),
        p("resident_id", Duplicate, &[]),
        p("resident_id", NotAllowed, &[]),
        p("role", Unknown, &[("value", "baas")]),
        p("start_date", Invalid, &[("value", "x")]),
        p("date", Invalid, &[("value", "x")]),
        p("date", BeforeStart, &[("start", "2026-01-01")]),
        p("date", Taken, &[("value", "2026-01-01")]),
        p("from", Invalid, &[("value", "x")]),
        p("member_id", Closed, &[("end", "2026-01-01")]),
        p("attendance", NotYetHappened, &[]),
        p("attendance", Cancelled, &[]),
        p("guests", Negative, &[]),
        p("guests", Invalid, &[("value", "x")]),
        p("note", TooLong, &[("max", "1000")]),
        p(
            "members",
            NotAllowed,
            &[("question", "KR-AB12"), ("reason", "other_district")],
        ),
    ]
    .into_iter()
    .map(|problem| of_form(problem, FORM))
    .collect();
    for reason in [
        "empty",
        "malformed_part",
        "unknown_key",
        "duplicate_key",
        "missing_frequency",
        "unsupported_frequency",
        "interval",
        "count",
        "until",
        "count_and_until",
        "no_end",
        "by_day",
        "ordinal_in_weekly",
        "missing_ordinal",
        "by_month_day",
        "by_month_day_in_weekly",
        "by_day_and_by_month_day",
        "week_start",
        "no_occurrences",
    ] {
        list.push(of_form(
            p(
                "rrule",
                Invalid,
                &[
                    ("reason", reason),
                    ("value", "X"),
                    ("max_interval", "52"),
                    ("max_count", "1000"),
                ],
            ),
            FORM,
        ));
    }
    for field in ["start_value", "target", "value"] {
        for problem in [
            p(field, Required, &[]),
            p(field, Invalid, &[("reason", "yes_no")]),
            p(field, Invalid, &[("reason", "number"), ("value", "x")]),
            p(field, Invalid, &[("reason", "whole")]),
            p(field, Negative, &[]),
            p(field, OutOfRange, &[("min", "0"), ("max", "1000000")]),
        ] {
            list.push(of_form(problem, GOAL_FORM));
        }
    }
    list.push(of_form(p("start", Invalid, &[]), "collective-join"));
    list.push(of_form(p("start", Required, &[]), "collective-join"));
    for problem in [
        p("title", Required, &[]),
        p("member_id", Invalid, &[("value", "x")]),
        p("indicator", Unknown, &[("value", "gevoel")]),
        p("direction", Unknown, &[("value", "opzij")]),
        p(
            "target",
            Invalid,
            &[
                ("reason", "not_better"),
                ("direction", "down"),
                ("start", "8"),
            ],
        ),
        p("date", Invalid, &[("value", "x")]),
    ] {
        list.push(of_form(problem, GOAL_FORM));
    }
    list
}

#[test]
fn every_refusal_of_a_collective_reads_in_english_and_in_dutch() {
    // Words that only a Dutch sentence has.
    let dutch = [
        " de ", " het ", " een ", " niet ", " is al ", "kies ", "vul ", " bij ", " geen ", " wijk",
    ];
    for problem in refusals() {
        let en = Lang::En.problem(&problem);
        let nl = Lang::Nl.problem(&problem);
        for text in [&en, &nl] {
            assert!(
                !text.is_empty() && !text.contains('{') && !text.contains('}'),
                "{problem}: '{text}'"
            );
            assert_ne!(text, &Lang::En.t("questions-error-other"), "{problem}");
            assert_ne!(text, &Lang::Nl.t("questions-error-other"), "{problem}");
            assert!(
                !text.contains("Unknown localization key"),
                "{problem}: '{text}'"
            );
        }
        let lower = format!(" {} ", en.to_lowercase());
        assert!(
            !dutch.iter().any(|word| lower.contains(word)),
            "{problem} reads Dutch in English: '{en}'"
        );
        assert_ne!(en, nl, "{problem}: one sentence for both languages");
    }
    let status = refusals()
        .into_iter()
        .find(|p| p.field == "status" && p.arg("reason") == Some("illegal"))
        .unwrap();
    assert_eq!(
        Lang::En.problem(&status),
        "A collective that is ended cannot become active."
    );
    let rrule = refusals()
        .into_iter()
        .find(|p| p.field == "rrule" && p.arg("reason") == Some("unsupported_frequency"))
        .unwrap();
    let said = Lang::En.problem(&rrule);
    assert!(said.contains("FREQ=X"), "{said}");
}
