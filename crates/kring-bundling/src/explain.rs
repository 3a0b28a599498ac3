//! Why each question landed where it did, in Dutch a professional understands: for a placed
//! question the shared theme, moment, language and its distance to the venue; for an unplaced
//! one its reason code and what stood in the way ("Geen andere vragen over geldzaken op
//! dinsdagochtend binnen 1 km"). Kept apart from the solution so the solution stays exactly
//! FORMAT.md; the CLI writes these with `--explain`, the proposals page will show them.

use crate::model::{Instance, Reason, Solution, distance};
use crate::prep::{self, TargetKey};
use serde::Serialize;
use std::collections::HashMap;

/// Where the question went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Placement {
    NewGroup { index: usize },
    ExistingGroup { group: String },
    Unplaced { reason: Reason },
}

/// One question's explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub question: String,
    #[serde(flatten)]
    pub placement: Placement,
    /// Distance to the venue in metres, for a placed question.
    pub distance_m: Option<f64>,
    /// The sentence for people, in Dutch.
    pub text: String,
}

/// "dinsdagochtend" for `di-ochtend`; other codes as they are.
pub fn slot_name(code: &str) -> String {
    const DAYS: [(&str, &str); 7] = [
        ("ma", "maandag"),
        ("di", "dinsdag"),
        ("wo", "woensdag"),
        ("do", "donderdag"),
        ("vr", "vrijdag"),
        ("za", "zaterdag"),
        ("zo", "zondag"),
    ];
    match code.split_once('-') {
        Some((day, part)) if ["ochtend", "middag", "avond"].contains(&part) => DAYS
            .iter()
            .find(|d| d.0 == day)
            .map(|d| format!("{}{part}", d.1))
            .unwrap_or_else(|| code.to_owned()),
        _ => code.to_owned(),
    }
}

fn language_name(code: &str) -> String {
    match kring_core::language::LanguageCode::parse(code) {
        Ok(l) => l.name(false).to_owned(),
        Err(_) => code.to_owned(),
    }
}

/// "850 m" below a kilometre, else "1,5 km".
pub fn metres(m: f64) -> String {
    if m < 1000.0 {
        format!("{} m", (m / 10.0).round() * 10.0)
    } else {
        let km = (m / 100.0).round() / 10.0;
        if km.fract() == 0.0 {
            format!("{} km", km as i64)
        } else {
            format!("{km}").replace('.', ",") + " km"
        }
    }
}

/// Explains every question of `solution` (which should pass the FORMAT.md rules).
pub fn explain(instance: &Instance, solution: &Solution) -> Vec<Explanation> {
    let venues: HashMap<&str, &crate::Venue> =
        instance.venues.iter().map(|v| (v.id.as_str(), v)).collect();
    let groups: HashMap<&str, &crate::Group> =
        instance.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let questions: HashMap<&str, &crate::Question> = instance
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    let p = prep::prepare(instance, None);
    let index: HashMap<&str, usize> = p
        .question_order
        .iter()
        .enumerate()
        .map(|(i, &o)| (instance.questions[o as usize].id.as_str(), i))
        .collect();
    let min = instance.params.min_group;
    let mut out = Vec::with_capacity(instance.questions.len());

    for (gi, g) in solution.groups.iter().enumerate() {
        let Some(v) = venues.get(g.venue.as_str()) else {
            continue;
        };
        for m in &g.members {
            let Some(q) = questions.get(m.as_str()) else {
                continue;
            };
            let d = distance(q.x, q.y, v.x, v.y);
            let text = if instance.params.group_language(&g.theme) == Some(g.language.as_str()) {
                // The group speaks its theme's language; the home languages are shown, they
                // did not split it.
                format!(
                    "Nieuwe groep over {} op {} bij {}, {} van huis, met {} anderen die hetzelfde zoeken; voertaal {}, thuistalen {}.",
                    g.theme,
                    slot_name(&g.slot),
                    v.id,
                    metres(d),
                    g.members.len() - 1,
                    language_name(&g.language),
                    home_languages(
                        g.members
                            .iter()
                            .filter_map(|m| questions.get(m.as_str()).copied())
                    ),
                )
            } else {
                format!(
                    "Nieuwe groep over {} op {} in het {} bij {}, {} van huis, met {} anderen die hetzelfde zoeken.",
                    g.theme,
                    slot_name(&g.slot),
                    language_name(&g.language),
                    v.id,
                    metres(d),
                    g.members.len() - 1
                )
            };
            out.push(Explanation {
                question: m.clone(),
                placement: Placement::NewGroup { index: gi },
                distance_m: Some(d),
                text,
            });
        }
    }
    for a in &solution.existing_assignments {
        let (Some(g), Some(q)) = (
            groups.get(a.group.as_str()),
            questions.get(a.question.as_str()),
        ) else {
            continue;
        };
        let Some(v) = venues.get(g.venue.as_str()) else {
            continue;
        };
        let d = distance(q.x, q.y, v.x, v.y);
        let voertaal = instance.params.group_language(&g.theme) == Some(g.language.as_str())
            && !q.languages.contains(&g.language);
        out.push(Explanation {
            question: a.question.clone(),
            placement: Placement::ExistingGroup {
                group: g.id.clone(),
            },
            distance_m: Some(d),
            text: if voertaal {
                format!(
                    "Kan aansluiten bij de bestaande groep {} over {} op {} bij {}, {} van huis; voertaal {}, thuistaal {}; die had nog {} plaats(en) vrij.",
                    g.id,
                    g.theme,
                    slot_name(&g.slot),
                    v.id,
                    metres(d),
                    language_name(&g.language),
                    home_languages(std::iter::once(*q)),
                    g.free
                )
            } else {
                format!(
                "Kan aansluiten bij de bestaande groep {} over {} op {} in het {} bij {}, {} van huis; die had nog {} plaats(en) vrij.",
                g.id,
                g.theme,
                slot_name(&g.slot),
                language_name(&g.language),
                v.id,
                metres(d),
                g.free
                )
            },
        });
    }
    for u in &solution.unplaced {
        let Some(q) = questions.get(u.question.as_str()) else {
            continue;
        };
        let reach = metres(q.max_travel_m);
        let text = match u.reason {
            Reason::IndividualOnly => {
                "Wil alleen individuele hulp; niet in een groep voorgesteld.".to_owned()
            }
            Reason::NoVenueInReach => format!(
                "Geen locatie binnen {reach} die open is op {}.",
                list(q.slots.iter().map(|s| slot_name(s)))
            ),
            _ => {
                // The most promising type the question has: most alike questions, nearest.
                let best = index.get(q.id.as_str()).and_then(|&i| {
                    p.options(i)
                        .map(|o| (o, &p.targets[p.opt_target[o] as usize]))
                        .max_by(|a, b| {
                            a.1.degree
                                .cmp(&b.1.degree)
                                .then(p.opt_cost[b.0].cmp(&p.opt_cost[a.0]))
                        })
                });
                match (u.reason, best) {
                    (_, None) => format!(
                        "Geen andere vragen over {} op {} in {} binnen {reach} bij een locatie die dan open is.",
                        list(q.themes.iter().cloned()),
                        list(q.slots.iter().map(|s| slot_name(s))),
                        list(q.languages.iter().map(|l| language_name(l))),
                    ),
                    (Reason::TooFewAlike, Some((_, t))) => {
                        let (what, _) = describe(instance, &p, t.key);
                        let others = t.degree.saturating_sub(1);
                        if others == 0 {
                            format!(
                                "Geen andere vragen over {what} binnen {reach}; een groep vraagt er minstens {min}."
                            )
                        } else {
                            format!(
                                "Maar {others} andere vra{} over {what} binnen {reach}; een groep vraagt er minstens {min}.",
                                if others == 1 { "ag" } else { "gen" }
                            )
                        }
                    }
                    (Reason::NoCapacity, Some((_, t))) => {
                        let (what, venue) = describe(instance, &p, t.key);
                        match t.key {
                            TargetKey::Existing { group } => format!(
                                "De groep {} over {what} bij {venue} is vol, en voor een nieuwe groep is er te weinig plaats.",
                                instance.groups[group as usize].id
                            ),
                            TargetKey::New { .. } => format!(
                                "Genoeg vragen over {what}, maar {venue} heeft dan te weinig plaats (capaciteit {}) voor een groep van minstens {min}.",
                                instance.venues[t.venue as usize].capacity
                            ),
                        }
                    }
                    (_, Some((_, t))) => {
                        let (what, venue) = describe(instance, &p, t.key);
                        format!(
                            "Er was een mogelijke groep over {what} bij {venue}, maar de plaatsen gingen naar vragen met minder andere mogelijkheden of een kortere reis."
                        )
                    }
                }
            }
        };
        out.push(Explanation {
            question: u.question.clone(),
            placement: Placement::Unplaced { reason: u.reason },
            distance_m: None,
            text,
        });
    }
    out.sort_by(|a, b| a.question.cmp(&b.question));
    out
}

/// "geldzaken op dinsdagochtend in het Nederlands" and the venue's id.
fn describe(instance: &Instance, p: &prep::Problem, key: TargetKey) -> (String, String) {
    match key {
        TargetKey::New {
            venue,
            slot,
            theme,
            language,
        } => (
            format!(
                "{} op {} in het {}",
                p.theme_names[theme as usize],
                slot_name(&p.slot_names[slot as usize]),
                language_name(&p.language_names[language as usize])
            ),
            instance.venues[venue as usize].id.clone(),
        ),
        TargetKey::Existing { group } => {
            let g = &instance.groups[group as usize];
            (
                format!(
                    "{} op {} in het {}",
                    g.theme,
                    slot_name(&g.slot),
                    language_name(&g.language)
                ),
                g.venue.clone(),
            )
        }
    }
}

/// The members' home languages, each once in first-seen order: "Arabisch, Turks en Oekraïens".
fn home_languages<'a>(members: impl Iterator<Item = &'a crate::Question>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for q in members {
        for l in &q.languages {
            if !seen.contains(&l.as_str()) {
                seen.push(l);
            }
        }
    }
    let names: Vec<String> = seen.into_iter().map(language_name).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} en {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} of {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_and_distances_read_as_people_say_them() {
        assert_eq!(slot_name("di-ochtend"), "dinsdagochtend");
        assert_eq!(slot_name("zaal-3"), "zaal-3");
        assert_eq!(metres(842.0), "840 m");
        assert_eq!(metres(1000.0), "1 km");
        assert_eq!(metres(1540.0), "1,5 km");
    }
}
