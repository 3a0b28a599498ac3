//! `/wijk`, "Wat is er te doen?": the social map residents search themselves, in Dutch,
//! English and Arabic. A GET form (so a search is a link to share) with theme, day and part of
//! the day, a postcode with how far someone goes (the reach a question uses), language and
//! free only; the results as a list and as numbered dots on the inline SVG map (`kring-map.js`
//! makes it a Leaflet map with tiles when the municipality set a tile address). Below: the
//! districts, the municipality's figures, stories and the way to ask a question.

use super::public::current_districts;
use super::public_map::MapView;
use super::vraag::icon_svg;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kring_core::area::Postcode;
use kring_core::slot::{DAY_CODES, DayPart};
use kring_core::social_map::{ResultKind, SearchInput};
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_store::StoreError;
use kring_store::social_map::MapResult;

/// The filters in the order the form shows them, for the error summary.
const FORM_ORDER: &[&str] = &["theme", "slot", "postcode", "reach", "lang", "page"];

/// The languages offered in the language filter.
const LANGUAGES: &[&str] = &["nl", "en", "ar", "tr", "pl", "uk", "so", "ti", "fr", "de"];

/// What was typed, kept to fill the form again.
#[derive(Debug, Default, Clone)]
pub(crate) struct SearchForm {
    pub themes: Vec<String>,
    /// Slot codes given directly (`slot=do-middag`, as the API takes them).
    pub slots: Vec<String>,
    pub day: String,
    pub part: String,
    pub postcode: String,
    pub reach: String,
    pub language: String,
    pub free: bool,
    pub page: String,
}

impl SearchForm {
    pub fn from_query(query: Option<&str>) -> Self {
        let mut form = SearchForm::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.into_owned();
            match key.as_ref() {
                "theme" => form.themes.push(value),
                "slot" => form.slots.push(value),
                "dag" => form.day = value,
                "dagdeel" => form.part = value,
                "postcode" => form.postcode = value,
                "reach" => form.reach = value,
                "lang" => form.language = value,
                "free" => form.free = !value.is_empty(),
                "page" => form.page = value,
                _ => {}
            }
        }
        form
    }

    /// The core's input: a day and a part of the day become the slots they cover; an unknown
    /// day or part becomes an unknown slot.
    fn input(&self) -> SearchInput {
        let mut slots = self.slots.clone();
        let day = self.day.trim();
        let part = self.part.trim();
        let days: Vec<&str> = if day.is_empty() {
            DAY_CODES.to_vec()
        } else {
            vec![day]
        };
        let parts: Vec<&str> = if part.is_empty() {
            DayPart::ALL.iter().map(|p| p.code()).collect()
        } else {
            vec![part]
        };
        if !day.is_empty() || !part.is_empty() {
            for d in &days {
                for p in &parts {
                    slots.push(format!("{d}-{p}"));
                }
            }
        }
        SearchInput {
            themes: self.themes.clone(),
            slots,
            postcode: self.postcode.clone(),
            reach: self.reach.clone(),
            languages: vec![self.language.clone()],
            free: self.free,
            page: self.page.clone(),
        }
    }

    /// The query string of this search on another page.
    fn query_for_page(&self, page: usize) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for theme in &self.themes {
            query.append_pair("theme", theme);
        }
        for slot in &self.slots {
            query.append_pair("slot", slot);
        }
        for (key, value) in [
            ("dag", &self.day),
            ("dagdeel", &self.part),
            ("postcode", &self.postcode),
            ("reach", &self.reach),
            ("lang", &self.language),
        ] {
            if !value.is_empty() {
                query.append_pair(key, value);
            }
        }
        if self.free {
            query.append_pair("free", "1");
        }
        query.append_pair("page", &page.to_string());
        query.finish()
    }
}

/// A theme as the filter and the results show it: a label and a symbol.
pub(crate) struct ThemeView {
    pub code: String,
    pub label: String,
    pub icon: &'static str,
}

/// The themes in the page's language: Dutch and English labels; in Arabic the residents'
/// sentences of `/vraag` for the default themes.
pub(crate) async fn theme_views(state: &AppState, lang: Lang) -> Result<Vec<ThemeView>, AppError> {
    Ok(state
        .store
        .themes()
        .await?
        .into_iter()
        .filter(|t| t.active)
        .map(|t| ThemeView {
            label: if lang == Lang::Ar && DEFAULT_THEMES.iter().any(|d| d.code == t.code) {
                lang.t(&format!("vraag-theme-{}", t.code))
            } else {
                t.label(lang == Lang::En).to_owned()
            },
            icon: icon_svg(&t.icon),
            code: t.code,
        })
        .collect())
}

/// One result as the list shows it.
struct ResultView {
    kind: String,
    name: String,
    description: String,
    organisation: String,
    themes: Vec<(String, &'static str)>,
    when: String,
    place: String,
    online: bool,
    distance: String,
    cost: String,
    languages: String,
    phone: String,
    tel: String,
    district_code: String,
    map_number: Option<usize>,
    lat: f64,
    lon: f64,
}

/// "350 m" / "1,2 km" (a decimal point in English).
pub(crate) fn distance_text(metres: i64, lang: Lang) -> String {
    if metres < 1_000 {
        format!("{metres} m")
    } else {
        let km = format!("{:.1}", metres as f64 / 1_000.0);
        match lang {
            Lang::En => format!("{km} km"),
            Lang::Nl | Lang::Ar => format!("{} km", km.replace('.', ",")),
        }
    }
}

#[derive(Template)]
#[template(path = "public_municipality.html")]
struct MunicipalityPage {
    shell: Shell,
    form: SearchForm,
    themes: Vec<ThemeView>,
    days: Vec<(&'static str, String)>,
    parts: Vec<(&'static str, String)>,
    languages: Vec<(&'static str, String)>,
    summary: Vec<(String, String)>,
    errors: FieldErrors,
    error_intro: &'static str,
    results: Vec<ResultView>,
    total: usize,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    map: Option<MapView>,
    districts: Vec<super::public::DistrictLink>,
    /// Headline figures of the whole municipality, suppressed like the dashboard's.
    figures: kring_store::metrics::PublicSummary,
    stories: Vec<kring_store::story::PublicStory>,
}

impl MunicipalityPage {
    fn has_theme(&self, code: &str) -> bool {
        self.form.themes.iter().any(|t| t == code)
    }
}

pub(super) async fn municipality_page(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let english = lang == Lang::En;
    let form = SearchForm::from_query(query.as_deref());
    let known: Vec<ThemeCode> = state
        .store
        .themes()
        .await?
        .iter()
        .filter_map(|t| ThemeCode::parse(&t.code).ok())
        .collect();
    let mut errors = FieldErrors::default();
    let found = match form.input().check(&known) {
        Ok(filters) => match state.store.social_map_search(&filters).await {
            Ok(found) => Some(found),
            Err(StoreError::Problem(problem)) => {
                errors.add_coded(&problem, lang.t(&error_key(&problem)));
                None
            }
            Err(other) => return Err(other.into()),
        },
        Err(problems) => {
            for problem in problems.iter() {
                errors.add_coded(problem, lang.t(&error_key(problem)));
            }
            None
        }
    };
    let themes = theme_views(&state, lang).await?;
    let store_themes = state.store.themes().await?;
    let (mut results, mut total, mut page, mut pages, mut map) = (Vec::new(), 0, 1, 1, None);
    if let Some(found) = found {
        let placed: Vec<&MapResult> = found.results.iter().filter(|r| r.point.is_some()).collect();
        let points: Vec<_> = placed.iter().filter_map(|r| r.point).collect();
        let labels: Vec<(String, kring_core::area::RdPoint)> = found
            .origin
            .into_iter()
            .map(|o| {
                let postcode = Postcode::parse(&form.postcode)
                    .map(|p| p.pc4().display())
                    .unwrap_or_default();
                (lang.t_with("wijk-map-you", &[("postcode", postcode)]), o)
            })
            .collect();
        map = MapView::new(&points, &labels);
        let dots = map.as_ref().map(|m| m.dots.clone()).unwrap_or_default();
        results = found
            .results
            .iter()
            .map(|r| {
                let index = placed.iter().position(|p| std::ptr::eq(*p, r));
                let dot = index.and_then(|i| dots.get(i));
                ResultView {
                    kind: lang.t(&format!("wijk-kind-{}", r.kind.as_str())),
                    name: r.name.clone(),
                    description: r.description.clone(),
                    organisation: r.organisation.clone(),
                    themes: r
                        .themes
                        .iter()
                        .map(|code| {
                            themes
                                .iter()
                                .find(|t| &t.code == code)
                                .map(|t| (t.label.clone(), t.icon))
                                .unwrap_or_else(|| {
                                    (
                                        crate::pages::theme_label(&store_themes, code, english),
                                        icon_svg(""),
                                    )
                                })
                        })
                        .collect(),
                    when: if english {
                        r.when_en.clone()
                    } else {
                        r.when_nl.clone()
                    },
                    place: [r.place.as_str(), r.address.as_str()]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                    online: r.online,
                    distance: r
                        .distance_m
                        .map(|m| distance_text(m, lang))
                        .unwrap_or_default(),
                    cost: if r.free {
                        lang.t("wijk-free")
                    } else {
                        super::public::money(r.cost_cents, lang)
                    },
                    languages: if r.kind == ResultKind::Initiative {
                        String::new()
                    } else if r.languages.is_empty() {
                        crate::pages::language_name("nl", english)
                    } else {
                        crate::pages::language_names(&r.languages, english)
                    },
                    tel: crate::pages::privacy::tel_link(&r.phone),
                    phone: r.phone.clone(),
                    district_code: r.district_code.clone().unwrap_or_default(),
                    map_number: dot.map(|d| d.number),
                    lat: dot.map_or(0.0, |d| d.lat),
                    lon: dot.map_or(0.0, |d| d.lon),
                }
            })
            .collect();
        total = found.total;
        page = found.page;
        pages = found.pages;
    }
    let districts = current_districts(state.store.districts().await?)
        .into_iter()
        .map(super::public::DistrictLink::from)
        .collect::<Vec<_>>();
    let figures = state
        .store
        .public_summary(kring_store::collective::today())
        .await?;
    // Read per request, like the district pages, so a withdrawn consent shows at once.
    let mut stories = Vec::new();
    for district in &districts {
        stories.extend(state.store.public_stories_by_code(&district.code).await?);
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let summary = errors.summary(FORM_ORDER, |field| field_id(field).to_owned());
    let page_view = MunicipalityPage {
        shell: Shell::build(&state, &ctx).await,
        previous: (page > 1).then(|| form.query_for_page(page - 1)),
        next: (page < pages).then(|| form.query_for_page(page + 1)),
        form,
        themes,
        days: DAY_CODES
            .iter()
            .map(|d| (*d, lang.t(&format!("wijk-day-{d}"))))
            .collect(),
        parts: DayPart::ALL
            .iter()
            .map(|p| (p.code(), lang.t(&format!("wijk-part-{}", p.code()))))
            .collect(),
        languages: LANGUAGES
            .iter()
            .map(|code| (*code, crate::pages::language_name(code, english)))
            .collect(),
        summary,
        errors,
        error_intro: "wijk-has-errors",
        results,
        total,
        page,
        pages,
        map,
        districts,
        figures,
        stories,
    };
    Ok((status, Html(page_view.render()?)).into_response())
}

/// The search near a resident's postcode area (its four digits only), for the thank-you
/// pages after `/vraag` and `/meedoen`; `/wijk` without a usable postcode.
pub(crate) fn search_near(postcode: &str) -> String {
    match Postcode::parse(postcode) {
        Ok(postcode) => format!("/wijk?postcode={}", postcode.pc4().as_str()),
        Err(_) => "/wijk".to_owned(),
    }
}

/// The element a refused filter's summary line leads to.
fn field_id(field: &str) -> &'static str {
    match field {
        "theme" => "theme",
        "slot" => "dag",
        "postcode" => "postcode",
        "reach" => "reach",
        "lang" => "lang",
        _ => "zoeken",
    }
}

/// The message key of a refused filter, in the residents' words.
fn error_key(problem: &kring_core::problem::FieldProblem) -> String {
    use kring_core::problem::ProblemCode;
    match (problem.field.as_str(), problem.code) {
        ("postcode", ProblemCode::NotInMunicipality) => "wijk-error-postcode-unknown".into(),
        ("theme" | "slot" | "postcode" | "reach" | "lang", _) => {
            format!("wijk-error-{}", problem.field)
        }
        _ => "wijk-error-page".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kring_core::slot::Slot;

    #[test]
    fn a_day_and_a_part_become_slots_and_pages_keep_the_search() {
        let form = SearchForm::from_query(Some(
            "theme=bewegen&dag=do&dagdeel=middag&postcode=9901&reach=bike&lang=ar&free=1&page=2",
        ));
        let input = form.input();
        assert_eq!(input.slots, vec!["do-middag"]);
        assert_eq!(input.themes, vec!["bewegen"]);
        assert!(input.free);
        let day_only = SearchForm::from_query(Some("dag=vr")).input();
        assert_eq!(day_only.slots.len(), 3);
        let part_only = SearchForm::from_query(Some("dagdeel=avond")).input();
        assert_eq!(part_only.slots.len(), 7);
        assert!(
            part_only
                .slots
                .iter()
                .all(|s| Slot::parse(s).unwrap().part() == DayPart::Avond)
        );
        assert_eq!(
            form.query_for_page(3),
            "theme=bewegen&dag=do&dagdeel=middag&postcode=9901&reach=bike&lang=ar&free=1&page=3"
        );
        assert_eq!(search_near("9901 ab"), "/wijk?postcode=9901");
        assert_eq!(search_near("onzin"), "/wijk");
        assert_eq!(distance_text(350, Lang::Nl), "350 m");
        assert_eq!(distance_text(1_240, Lang::Nl), "1,2 km");
        assert_eq!(distance_text(1_240, Lang::En), "1.2 km");
    }
}
