//! Synthetic instances with Dutch-like geography for tests, benchmarks and demos: towns at the
//! real municipality centres (`data/nl_gemeenten.csv`, CBS population 2019) with synthetic
//! neighbourhoods of about 2,500 residents around them, in Rijksdriehoek metres, and realistic
//! mixes of themes, slots and languages. Deterministic for a seed.

use crate::model::{Group, Instance, Params, Question, Venue};
use crate::search::SplitMix;

const MUNICIPALITIES: &str = include_str!("../data/nl_gemeenten.csv");

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    pub questions: usize,
    pub venues: usize,
    pub seed: u64,
    /// How many municipalities to spread over; by default one for up to 150 venues (a
    /// municipality), else one per 15 venues (the country at 5,000 venues).
    pub municipalities: Option<usize>,
    /// `taal` groups meet in Dutch (`params.group_language {taal: nl}`); off, a seed gives
    /// the instance it always gave.
    pub taal_in_dutch: bool,
}

struct Town {
    x: f64,
    y: f64,
    population: f64,
}

fn towns() -> Vec<Town> {
    MUNICIPALITIES
        .lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Some(Town {
                x: f.get(2)?.parse().ok()?,
                y: f.get(3)?.parse().ok()?,
                population: f.get(4)?.parse().ok()?,
            })
        })
        .collect()
}

/// Themes with their share of questions (DESIGN.md's taxonomy).
const THEMES: &[(&str, u32)] = &[
    ("eenzaamheid", 20),
    ("bewegen", 14),
    ("geldzaken", 12),
    ("opvoeden", 8),
    ("taal", 8),
    ("dagstructuur", 7),
    ("mantelzorg", 7),
    ("psychisch-welzijn", 8),
    ("huishouden", 5),
    ("werk-en-meedoen", 5),
    ("digitale-vaardigheden", 4),
    ("gezondheid", 6),
];

/// Other languages than Dutch, with their weight among non-Dutch speakers.
const LANGUAGES: &[(&str, u32)] = &[
    ("en", 20),
    ("ar", 18),
    ("tr", 16),
    ("pl", 12),
    ("ti", 6),
    ("so", 4),
    ("uk", 10),
    ("fa", 5),
    ("es", 4),
    ("ro", 5),
];

const TRAVEL: &[(f64, u32)] = &[
    (800.0, 15),
    (1200.0, 20),
    (1600.0, 20),
    (2400.0, 18),
    (3000.0, 10),
    (5000.0, 10),
    (8000.0, 7),
];

const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const PARTS: [&str; 3] = ["ochtend", "middag", "avond"];

struct Rng(SplitMix);

impl Rng {
    fn unit(&mut self) -> f64 {
        (self.0.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.0.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn gauss(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|i| i.1).sum();
        let mut r = self.below(total as usize) as u32;
        for &(item, w) in items {
            if r < w {
                return item;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }

    /// A slot, weekdays and daytime more often than weekends and evenings.
    fn slot(&mut self) -> String {
        let day = self.weighted(&[(0, 6), (1, 6), (2, 6), (3, 6), (4, 5), (5, 2), (6, 1)]);
        let part = self.weighted(&[(0, 5), (1, 5), (2, 3)]);
        format!("{}-{}", DAYS[day], PARTS[part])
    }

    fn distinct<T: PartialEq>(&mut self, n: usize, mut draw: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n * 4 {
            if out.len() == n {
                break;
            }
            let item = draw(self);
            if !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }
}

/// Generates an instance.
pub fn generate(options: &GenOptions) -> Instance {
    let mut rng = Rng(SplitMix::new(options.seed));
    let all = towns();
    let wanted = options
        .municipalities
        .unwrap_or(if options.venues <= 150 {
            1
        } else {
            options.venues / 15
        })
        .clamp(1, all.len());
    // Municipalities drawn by population, without replacement.
    let mut pool: Vec<usize> = (0..all.len()).collect();
    let mut chosen = Vec::with_capacity(wanted);
    for _ in 0..wanted {
        let total: f64 = pool.iter().map(|&i| all[i].population).sum();
        let mut r = rng.unit() * total;
        let mut pick = pool.len() - 1;
        for (k, &i) in pool.iter().enumerate() {
            if r < all[i].population {
                pick = k;
                break;
            }
            r -= all[i].population;
        }
        chosen.push(pool.swap_remove(pick));
    }
    chosen.sort_unstable();
    // Neighbourhoods of about 2,500 residents, spread over the town's built-up area.
    let mut hoods: Vec<(f64, f64)> = Vec::new();
    for &i in &chosen {
        let town = &all[i];
        let n = (town.population / 2500.0).ceil().max(1.0) as usize;
        let radius = town.population.sqrt() * 8.0;
        for _ in 0..n {
            let r = radius * rng.unit().sqrt();
            let a = rng.unit() * std::f64::consts::TAU;
            hoods.push((town.x + r * a.cos(), town.y + r * a.sin()));
        }
    }
    let place = |rng: &mut Rng, spread: f64| {
        let h = hoods[rng.below(hoods.len())];
        let x = h.0 + rng.gauss() * spread;
        let y = h.1 + rng.gauss() * spread;
        ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
    };
    let width = |n: usize| n.max(1).to_string().len();

    let mut venues = Vec::with_capacity(options.venues);
    for v in 0..options.venues {
        let (x, y) = place(&mut rng, 150.0);
        let n_slots = 1 + rng.below(4);
        let mut slots = rng.distinct(n_slots, Rng::slot);
        slots.sort();
        venues.push(Venue {
            id: format!("v{:0w$}", v + 1, w = width(options.venues)),
            x,
            y,
            capacity: [8, 12, 16, 20, 24, 30][rng.below(6)],
            slots,
        });
    }
    let mut groups = Vec::new();
    let n_groups = options.venues / 2;
    for g in 0..n_groups {
        let v = &venues[rng.below(venues.len())];
        groups.push(Group {
            id: format!("g{:0w$}", g + 1, w = width(n_groups)),
            venue: v.id.clone(),
            slot: v.slots[rng.below(v.slots.len())].clone(),
            theme: rng.weighted(THEMES).to_owned(),
            language: if rng.chance(0.85) {
                "nl".to_owned()
            } else {
                rng.weighted(LANGUAGES).to_owned()
            },
            free: rng.below(7) as i64,
        });
    }
    let mut questions = Vec::with_capacity(options.questions);
    for q in 0..options.questions {
        let (x, y) = place(&mut rng, 350.0);
        let n_themes = rng.weighted(&[(1, 5), (2, 3), (3, 2)]);
        let themes = rng.distinct(n_themes, |r| r.weighted(THEMES).to_owned());
        let n_slots = rng.weighted(&[(1, 1), (2, 3), (3, 3), (4, 2), (6, 1)]);
        let mut slots = rng.distinct(n_slots, Rng::slot);
        slots.sort();
        let mut languages = Vec::new();
        if rng.chance(0.88) {
            languages.push("nl".to_owned());
        }
        if languages.is_empty() || rng.chance(0.12) {
            let other = rng.weighted(LANGUAGES).to_owned();
            languages.push(other);
        }
        questions.push(Question {
            id: format!("q{:0w$}", q + 1, w = width(options.questions)),
            x,
            y,
            themes,
            slots,
            languages,
            max_travel_m: rng.weighted(TRAVEL),
            individual_only: rng.chance(0.05),
            companions: 0,
        });
    }
    Instance {
        params: Params {
            min_group: 4,
            max_group: 12,
            group_language: if options.taal_in_dutch {
                [("taal".to_owned(), "nl".to_owned())].into()
            } else {
                Default::default()
            },
        },
        questions,
        venues,
        groups,
    }
}
