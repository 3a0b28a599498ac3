//! The demo's help questions: about 300 in the three demo districts, generated
//! deterministically from a fixed seed (a small xorshift, no random source), in clusters a
//! bundling engine can find (the same themes, moments and languages near each other), with a
//! spread of reach, urgency and waiting time, and a few dozen already individual or closed.

use crate::question::Pending;
use crate::{Store, StoreError, now};
use kring_core::question::{
    NewQuestion, Outcome, QuestionInput, QuestionStatus, Rules, Source, transition,
};
use kring_core::theme::ThemeCode;

/// Deterministic pseudo-random numbers (xorshift64*).
pub(crate) struct Xorshift(pub(crate) u64);

impl Xorshift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A group of questions that belong together: postcodes, themes, a shared moment and
/// languages.
struct Cluster {
    postcodes: &'static [&'static str],
    themes: &'static [&'static str],
    slot: &'static str,
    languages: &'static [&'static str],
    texts: &'static [&'static str],
}

const CLUSTERS: &[Cluster] = &[
    Cluster {
        postcodes: &["9901", "9902", "9903"],
        themes: &["bewegen", "eenzaamheid"],
        slot: "do-middag",
        languages: &["nl"],
        texts: &[
            "Sinds mijn man overleden is kom ik weinig buiten. Ik zou graag samen wandelen.",
            "Mijn knie is slecht, maar ik wil wel in beweging blijven. Liefst met anderen.",
            "Ik zit veel alleen thuis en wil graag een vaste activiteit in de week.",
        ],
    },
    Cluster {
        postcodes: &["9903", "9904", "9905"],
        themes: &["taal", "werk-en-meedoen"],
        slot: "di-ochtend",
        languages: &["ar", "ti", "nl"],
        texts: &[
            "Ik wil beter Nederlands spreken om werk te vinden.",
            "I want to practise Dutch with other people, not only at school.",
            "Ik begrijp de brieven niet goed en wil de taal beter leren.",
        ],
    },
    Cluster {
        postcodes: &["9901", "9904"],
        themes: &["opvoeden", "eenzaamheid"],
        slot: "wo-ochtend",
        languages: &["ar", "tr", "nl"],
        texts: &[
            "Ik ben moeder van drie kinderen en ken hier bijna niemand.",
            "Mijn zoon van 14 luistert niet meer. Hoe doen andere ouders dat?",
            "Ik wil andere moeders ontmoeten terwijl de kinderen op school zijn.",
        ],
    },
    Cluster {
        postcodes: &["9911", "9912", "9913"],
        themes: &["digitale-vaardigheden"],
        slot: "ma-middag",
        languages: &["nl", "pl"],
        texts: &[
            "Ik moet alles met DigiD doen en snap de computer niet.",
            "Mijn kleinkinderen sturen foto's maar ik kan die niet openen op de telefoon.",
            "I need help with online banking and forms from the municipality.",
        ],
    },
    Cluster {
        postcodes: &["9912", "9914", "9915"],
        themes: &["geldzaken"],
        slot: "do-avond",
        languages: &["nl", "ar"],
        texts: &[
            "De rekeningen stapelen zich op en ik weet niet waar ik moet beginnen.",
            "Ik heb schulden en schaam me ervoor. Ik wil overzicht.",
            "Ik krijg brieven van de Belastingdienst die ik niet begrijp.",
        ],
    },
    Cluster {
        postcodes: &["9911", "9914"],
        themes: &["eenzaamheid", "dagstructuur"],
        slot: "vr-middag",
        languages: &["nl"],
        texts: &[
            "Sinds mijn pensioen weet ik niet goed wat ik met mijn dagen moet.",
            "Ik zou graag ergens koffie drinken met buurtgenoten.",
            "Ik mis de collega's van vroeger. Ik zoek iets zinvols om te doen.",
        ],
    },
    Cluster {
        postcodes: &["9921", "9922", "9923"],
        themes: &["mantelzorg", "psychisch-welzijn"],
        slot: "di-avond",
        languages: &["nl", "tr"],
        texts: &[
            "Ik zorg voor mijn moeder met dementie en ben erg moe.",
            "Mijn partner is ziek en ik sta er alleen voor. Ik wil mijn verhaal kwijt.",
            "Ik zorg elke dag voor mijn zoon met een beperking en heb geen tijd voor mezelf.",
        ],
    },
    Cluster {
        postcodes: &["9923", "9924", "9925"],
        themes: &["werk-en-meedoen", "taal"],
        slot: "ma-ochtend",
        languages: &["pl", "en", "ti"],
        texts: &[
            "I lost my job and want to do volunteer work to meet people.",
            "Ik zoek vrijwilligerswerk om Nederlands te oefenen.",
            "Szukam pracy i chcę poznać ludzi w okolicy.",
        ],
    },
    Cluster {
        postcodes: &["9921", "9925"],
        themes: &["psychisch-welzijn", "bewegen"],
        slot: "wo-middag",
        languages: &["nl", "ti", "ar"],
        texts: &[
            "Ik slaap slecht en pieker veel. Bewegen helpt me, maar alleen lukt het niet.",
            "Na alles wat ik heb meegemaakt voel ik me vaak somber.",
            "Ik wil graag naar buiten, samen met anderen, om mijn hoofd leeg te maken.",
        ],
    },
];

const NAMES: &[&str] = &[
    "Ans",
    "Henk",
    "Fatima",
    "Yusuf",
    "Aster",
    "Kidane",
    "Agnieszka",
    "Piotr",
    "Emine",
    "Mehmet",
    "Riet",
    "Gerrit",
    "Samira",
    "Omar",
    "Lidia",
    "Tesfay",
    "Joke",
    "Karim",
    "Marta",
    "Wim",
];
const THEMES: &[&str] = &[
    "eenzaamheid",
    "bewegen",
    "geldzaken",
    "opvoeden",
    "taal",
    "dagstructuur",
    "mantelzorg",
    "psychisch-welzijn",
    "huishouden",
    "werk-en-meedoen",
    "digitale-vaardigheden",
    "gezondheid",
];
const DAYS: &[&str] = &["ma", "di", "wo", "do", "vr", "za", "zo"];
const PARTS: &[&str] = &["ochtend", "middag", "avond"];
const REACHES: &[&str] = &["lopen", "lopen", "fiets", "fiets", "ov", "1500", "2000"];

/// One generated question and where it came from, drawn from `rng`.
pub(crate) fn random_question(
    rng: &mut Xorshift,
    rules: &Rules<'_>,
) -> Result<(NewQuestion, Source), StoreError> {
    let clustered = rng.below(4) != 0;
    let cluster = rng.pick(CLUSTERS);
    let mut themes: Vec<String> = if clustered {
        cluster.themes[..1 + rng.below(cluster.themes.len())]
            .iter()
            .map(|t| t.to_string())
            .collect()
    } else {
        vec![rng.pick(THEMES).to_string()]
    };
    if rng.below(5) == 0 {
        themes.push(rng.pick(THEMES).to_string());
    }
    let mut availability = vec![if clustered {
        cluster.slot.to_owned()
    } else {
        format!("{}-{}", rng.pick(DAYS), rng.pick(PARTS))
    }];
    for _ in 0..rng.below(3) {
        availability.push(format!("{}-{}", rng.pick(DAYS), rng.pick(PARTS)));
    }
    let mut languages = vec![rng.pick(cluster.languages).to_string()];
    if rng.below(3) == 0 {
        languages.push("nl".into());
    }
    let postcode = if clustered {
        rng.pick(cluster.postcodes).to_string()
    } else {
        rng.pick(&[
            "9901", "9902", "9905", "9912", "9913", "9915", "9922", "9924",
        ])
        .to_string()
    };
    let letters = ["AB", "AC", "BD", "CE", "DG", "EH"][rng.below(6)];
    let alone = rng.below(12) == 0;
    let input = QuestionInput {
        name: rng.pick(NAMES).to_string(),
        phone: format!("06-{:08}", 10_000_000 + rng.below(89_999_999)),
        postcode: format!("{postcode}{letters}"),
        house_number: (1 + rng.below(180)).to_string(),
        birth_year: (1940 + rng.below(66)).to_string(),
        languages,
        text: rng.pick(cluster.texts).to_string(),
        themes,
        availability,
        max_travel_m: rng.pick(REACHES).to_string(),
        individual_only: if alone { "ja" } else { "nee" }.into(),
        individual_reason: if alone {
            "Voelt zich nog niet veilig in een groep".into()
        } else {
            String::new()
        },
        urgency: ["laag", "normaal", "normaal", "normaal", "hoog"][rng.below(5)].into(),
        ..QuestionInput::default()
    };
    let question = kring_core::question::validate(&input, rules).map_err(|errors| {
        StoreError::Internal(format!("a demo question does not validate: {errors:?}"))
    })?;
    let source = [
        Source::Intake,
        Source::Intake,
        Source::SelfIntake,
        Source::Signal,
        Source::Referral,
    ][rng.below(5)];
    Ok((question, source))
}

/// How many demo questions there are.
pub const DEMO_QUESTIONS: usize = 300;

impl Store {
    /// Inserts generated demo questions in one transaction, each as if it came in at its own
    /// time (`created_at` and its first status event). The one way the demo's current questions
    /// and its archive are stored.
    pub(crate) async fn insert_demo_questions(
        &self,
        questions: &[(NewQuestion, Source, i64)],
    ) -> Result<Vec<i64>, StoreError> {
        let locations = self.postcode_locations().await?;
        let pending: Vec<Pending<'_>> = questions
            .iter()
            .map(|(question, source, _)| {
                let pc4 = question.resident.postcode.pc4();
                locations
                    .get(pc4.as_str())
                    .cloned()
                    .map(|location| Pending {
                        question,
                        resident_id: None,
                        location,
                        source: *source,
                        form_token: None,
                    })
                    .ok_or_else(|| StoreError::Internal(format!("demo postcode {pc4} unmapped")))
            })
            .collect::<Result<_, _>>()?;
        let mut tx = self.pool().begin().await?;
        let ids = self
            .insert_questions(&mut tx, &pending, None, now())
            .await?;
        for ((_, _, came_in), id) in questions.iter().zip(&ids) {
            sqlx::query(
                "update question set created_at = $1, updated_at = $1 where question_id = $2",
            )
            .bind(came_in)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("update question_status_event set occurred_at = $1 where question_id = $2")
                .bind(came_in)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Adds the demo's questions; called by [`Store::load_demo`] after the areas.
    pub(crate) async fn load_demo_questions(&self) -> Result<(), StoreError> {
        let known: Vec<ThemeCode> = self.active_theme_codes().await?;
        let rules = Rules {
            known_themes: &known,
            today: crate::today(),
            require_contact: false,
            require_individual_reason: false,
        };
        let mut rng = Xorshift(0x4B52_494E_4731_2026);
        let now = now();
        let mut arrivals: Vec<(NewQuestion, Source, i64)> = Vec::new();
        for _ in 0..DEMO_QUESTIONS {
            let (question, source) = random_question(&mut rng, &rules)?;
            let days_ago = rng.below(120) as i64;
            arrivals.push((question, source, now - days_ago * 86_400));
        }
        let ids = self.insert_demo_questions(&arrivals).await?;
        // A few dozen are further along: answered one-to-one or closed.
        let outcomes = [
            Outcome::Resolved,
            Outcome::Resolved,
            Outcome::Referred,
            Outcome::Withdrawn,
            Outcome::NoContact,
            Outcome::Moved,
        ];
        for (n, id) in ids.iter().enumerate().filter(|(n, _)| n % 7 == 3) {
            let step = transition(
                QuestionStatus::Open,
                QuestionStatus::Individual,
                "Past nu niet in een groep; eerst individuele gesprekken",
                None,
            )
            .map_err(|e| StoreError::Internal(e.to_string()))?;
            self.record_transition(*id, &step, None, now).await?;
            if n % 2 == 1 {
                let close = transition(
                    QuestionStatus::Individual,
                    QuestionStatus::Closed,
                    "",
                    Some(outcomes[n % outcomes.len()]),
                )
                .map_err(|e| StoreError::Internal(e.to_string()))?;
                self.record_transition(*id, &close, None, now).await?;
            }
        }
        Ok(())
    }
}
