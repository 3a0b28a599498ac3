//! Announcements between the partners of a network: an activity, a call for volunteers or a
//! warning (a scam going round), written by one organisation for the members of the partners it
//! chooses; each of those passes it on through its own channels (the reach vocabulary,
//! [`ReachChannel`]) with an estimated reach. No resident's data is involved. One set of checks
//! serves the pages and the API.

use crate::civil::Date;
use crate::network::{DESCRIPTION_MAX, NAME_MAX, check_text};
use crate::network_plan::{ReachChannel, check_reach_count};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use std::collections::BTreeSet;

code_enum! {
    /// What an announcement is.
    AnnouncementKind, "onbekende soort bericht '{}'; kies uit {}" {
        Activity => "activity", "Activiteit", "Activity";
        Volunteers => "volunteers", "Oproep voor vrijwilligers", "Call for volunteers";
        Warning => "warning", "Waarschuwing", "Warning";
    }
}

/// What a person typed for a new announcement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnouncementForm {
    pub author_organisation_id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub happens_on: String,
    pub place: String,
    pub public: bool,
    pub districts: Vec<String>,
    pub recipients: Vec<String>,
}

/// A new announcement, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnouncementFields {
    pub author_organisation_id: i64,
    pub kind: AnnouncementKind,
    pub title: String,
    pub body: String,
    pub happens_on: Option<Date>,
    pub place: String,
    pub public: bool,
    pub districts: BTreeSet<i64>,
    pub recipients: BTreeSet<i64>,
}

/// Ids typed in a list of checkboxes; the first bad one is the field's problem.
fn check_ids(problems: &mut FieldProblems, field: &str, values: &[String]) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    let mut bad = None;
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match value.parse::<i64>() {
            Ok(id) if id > 0 => {
                ids.insert(id);
            }
            _ => bad = bad.or(Some(value)),
        }
    }
    if let Some(value) = bad {
        problems.push(FieldProblem::new(field, ProblemCode::Invalid).with("value", value));
    } else if ids.is_empty() {
        problems.add(field, ProblemCode::Required);
    }
    ids
}

impl AnnouncementForm {
    /// A kind, a title and a text, at least one district and at least one recipient partner
    /// (`recipients` `required` otherwise), and never the author itself (`not_allowed`).
    pub fn check(&self) -> Result<AnnouncementFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let author_organisation_id = match self.author_organisation_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                problems.add(
                    "author_organisation_id",
                    ProblemCode::Invalid.unless_empty(&self.author_organisation_id),
                );
                0
            }
        };
        let kind = match AnnouncementKind::parse(&self.kind) {
            Ok(kind) => kind,
            Err(_) => {
                problems.push(
                    FieldProblem::new("kind", ProblemCode::Unknown.unless_empty(&self.kind))
                        .with("value", self.kind.trim()),
                );
                AnnouncementKind::Activity
            }
        };
        let title = check_text(&mut problems, "title", &self.title, NAME_MAX, true);
        let body = check_text(&mut problems, "body", &self.body, DESCRIPTION_MAX, true);
        let happens_on = match self.happens_on.trim() {
            "" => None,
            typed => match Date::parse(typed) {
                Ok(date) => Some(date),
                Err(_) => {
                    problems.push(FieldProblem::new("happens_on", ProblemCode::Invalid));
                    None
                }
            },
        };
        let place = check_text(&mut problems, "place", &self.place, NAME_MAX, false);
        let districts = check_ids(&mut problems, "districts", &self.districts);
        let recipients = check_ids(&mut problems, "recipients", &self.recipients);
        if recipients.contains(&author_organisation_id) {
            problems.add("recipients", ProblemCode::NotAllowed);
        }
        problems
            .in_form("announcement")
            .into_result(AnnouncementFields {
                author_organisation_id,
                kind,
                title,
                body,
                happens_on,
                place,
                public: self.public,
                districts,
                recipients,
            })
    }
}

/// What a partner typed when it passed an announcement on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassOnForm {
    pub channel: String,
    pub reach: String,
}

/// A passing-on, checked: the channel and the estimated number of people it reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassOnFields {
    pub channel: ReachChannel,
    pub reach: i64,
}

impl PassOnForm {
    /// The channel is one of [`ReachChannel`]; the reach a whole number from 0 to
    /// [`crate::network_plan::REACH_MAX`] (`required`, `invalid`, `negative`, `out_of_range`).
    pub fn check(&self) -> Result<PassOnFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let channel = match ReachChannel::parse(&self.channel) {
            Ok(channel) => Some(channel),
            Err(_) => {
                problems.push(
                    FieldProblem::new("channel", ProblemCode::Unknown.unless_empty(&self.channel))
                        .with("value", self.channel.trim()),
                );
                None
            }
        };
        let reach = check_reach_count(&mut problems, "reach", &self.reach);
        match (channel, reach) {
            (Some(channel), Some(reach)) if problems.is_empty() => {
                Ok(PassOnFields { channel, reach })
            }
            _ => Err(problems.in_form("pass-on")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AnnouncementForm {
        AnnouncementForm {
            author_organisation_id: "1".into(),
            kind: "warning".into(),
            title: "Pas op: nepcollectant".into(),
            body: "Er gaat iemand langs de deuren.".into(),
            happens_on: String::new(),
            place: String::new(),
            public: true,
            districts: vec!["3".into()],
            recipients: vec!["2".into(), "4".into()],
        }
    }

    fn codes(problems: &FieldProblems) -> Vec<(String, ProblemCode)> {
        problems.iter().map(|p| (p.field.clone(), p.code)).collect()
    }

    #[test]
    fn a_good_announcement_is_checked() {
        let fields = form().check().unwrap();
        assert_eq!(fields.kind, AnnouncementKind::Warning);
        assert_eq!(fields.recipients, BTreeSet::from([2, 4]));
        assert!(fields.public);
    }

    #[test]
    fn an_announcement_to_no_partner_is_refused() {
        let mut input = form();
        input.recipients = vec![String::new()];
        let problems = input.check().unwrap_err();
        assert_eq!(
            codes(&problems),
            vec![("recipients".to_owned(), ProblemCode::Required)]
        );
    }

    #[test]
    fn the_author_is_not_its_own_recipient() {
        let mut input = form();
        input.recipients = vec!["1".into()];
        let problems = input.check().unwrap_err();
        assert_eq!(
            codes(&problems),
            vec![("recipients".to_owned(), ProblemCode::NotAllowed)]
        );
    }

    #[test]
    fn every_bad_field_is_named_in_form_order() {
        let input = AnnouncementForm {
            kind: "gossip".into(),
            happens_on: "morgen".into(),
            ..AnnouncementForm::default()
        };
        let problems = input.check().unwrap_err();
        assert_eq!(
            codes(&problems),
            vec![
                ("author_organisation_id".to_owned(), ProblemCode::Required),
                ("kind".to_owned(), ProblemCode::Unknown),
                ("title".to_owned(), ProblemCode::Required),
                ("body".to_owned(), ProblemCode::Required),
                ("happens_on".to_owned(), ProblemCode::Invalid),
                ("districts".to_owned(), ProblemCode::Required),
                ("recipients".to_owned(), ProblemCode::Required),
            ]
        );
    }

    #[test]
    fn passing_on_needs_a_channel_and_a_count_from_zero() {
        let ok = PassOnForm {
            channel: "newsletter".into(),
            reach: "0".into(),
        };
        assert_eq!(ok.check().unwrap().reach, 0);
        for (reach, code) in [
            ("", ProblemCode::Required),
            ("-3", ProblemCode::Negative),
            ("veel", ProblemCode::Invalid),
            ("2000000", ProblemCode::OutOfRange),
        ] {
            let input = PassOnForm {
                channel: "noticeboard".into(),
                reach: reach.into(),
            };
            assert_eq!(
                codes(&input.check().unwrap_err()),
                vec![("reach".to_owned(), code)],
                "{reach}"
            );
        }
        let input = PassOnForm {
            channel: "pigeon".into(),
            reach: "10".into(),
        };
        assert_eq!(
            codes(&input.check().unwrap_err()),
            vec![("channel".to_owned(), ProblemCode::Unknown)]
        );
    }
}
