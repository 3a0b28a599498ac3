//! Meedoen for staff. `/netwerk/meedoen`: the coordinator's page with residents' offers of
//! time (searched, filtered by status, paged) next to the open volunteer roles, the suggested
//! matches (skill, shared moments, distance in km; another district is allowed and said) with
//! a "Koppel" button, and the matches to follow up. `/netwerk/meedoen/aanbod/{id}`: one offer
//! of time with how to reach the resident; `/netwerk/meedoen/koppelingen/{id}`: one match, its
//! steps, follow-up notes and the volunteer hours per month. The roles of an offer or a
//! collective, with their volunteers by first name and the hours form, are in
//! `volunteer_roles.rs`.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::pages::Fields;
use crate::pages::meedoen::skill_label;
use crate::shell::{Shell, encode};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::own_network::Skill;
use kring_core::slot::Availability;
use kring_core::volunteer::{
    MatchStatus, OfferStatus, check_follow_up, check_month, format_hours, parse_hours,
};
use kring_store::StoreError;
use kring_store::volunteer::{OfferFilter, OfferPage, VolunteerOffer, VolunteerRole};
use kring_store::volunteer_match::{Suggestion, VolunteerMatch};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/netwerk/meedoen", get(overview_page))
        .route("/netwerk/meedoen/koppel", post(connect))
        .route("/netwerk/meedoen/aanbod/{id}", get(offer_page))
        .route("/netwerk/meedoen/aanbod/{id}/status", post(offer_status))
        .route(
            "/netwerk/meedoen/koppelingen/{id}",
            get(match_page).post(match_step),
        )
        .route("/netwerk/meedoen/koppelingen/{id}/uren", post(record_hours))
}

/// "dinsdag ochtend, donderdag middag" in the page's language.
pub(crate) fn slots_text(lang: Lang, slots: Availability) -> String {
    slots
        .slots()
        .map(|slot| {
            let code = slot.code();
            let (day, part) = code.split_once('-').unwrap_or((code.as_str(), ""));
            format!(
                "{} {}",
                lang.t(&format!("vraag-day-{day}")),
                lang.t(&format!("vraag-part-{part}"))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Skills as labels, joined.
pub(crate) fn skills_text(lang: Lang, skills: &[Skill]) -> String {
    skills
        .iter()
        .map(|s| skill_label(lang, *s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Metres as "1,2 km" (Dutch) or "1.2 km".
pub(crate) fn km(lang: Lang, metres: f64) -> String {
    let text = format!("{:.1} km", metres / 1000.0);
    if lang == Lang::En {
        text
    } else {
        text.replace('.', ",")
    }
}

/// Minutes as hours in the page's language.
pub(crate) fn hours_text(lang: Lang, minutes: i64) -> String {
    format_hours(minutes, lang != Lang::En)
}

#[derive(Default, Deserialize)]
struct OverviewQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "volunteers.html")]
struct OverviewPage {
    shell: Shell,
    query: OverviewQuery,
    offers: OfferPage,
    roles: Vec<VolunteerRole>,
    suggestions: Vec<Suggestion>,
    matches: Vec<VolunteerMatch>,
}

impl OverviewPage {
    fn slots(&self, slots: &Availability) -> String {
        slots_text(self.shell.lang, *slots)
    }
    fn skills(&self, skills: &[Skill]) -> String {
        skills_text(self.shell.lang, skills)
    }
    fn skill(&self, skill: &Option<Skill>) -> String {
        skill.map_or_else(
            || self.shell.t("volunteer-any-skill"),
            |s| skill_label(self.shell.lang, s),
        )
    }
    fn km(&self, metres: &Option<f64>) -> String {
        metres.map_or_else(
            || self.shell.t("volunteer-online"),
            |m| km(self.shell.lang, m),
        )
    }
    fn offer_status(&self, status: &OfferStatus) -> String {
        self.shell
            .t(&format!("volunteer-offer-status-{}", status.as_str()))
    }
    fn match_status(&self, status: &MatchStatus) -> String {
        self.shell
            .t(&format!("volunteer-match-status-{}", status.as_str()))
    }
    fn statuses(&self) -> Vec<(&'static str, String)> {
        OfferStatus::ALL
            .iter()
            .map(|s| (s.as_str(), self.offer_status(s)))
            .collect()
    }
    fn pages(&self) -> i64 {
        (self.offers.total + self.offers.page_size - 1) / self.offers.page_size
    }
    /// The link to another page of offers, keeping the search and filter.
    fn page_href(&self, page: &i64) -> String {
        let mut pairs = vec![("page", page.to_string())];
        if !self.query.q.is_empty() {
            pairs.push(("q", self.query.q.clone()));
        }
        if !self.query.status.is_empty() {
            pairs.push(("status", self.query.status.clone()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("/netwerk/meedoen?{}", query.join("&"))
    }
    fn total_hours(&self, m: &VolunteerMatch) -> String {
        hours_text(self.shell.lang, m.hours.iter().map(|h| h.minutes).sum())
    }
    fn people(&self, role: &VolunteerRole) -> String {
        people_text(&self.shell, role)
    }
}

/// "1 of 2 people connected".
pub(crate) fn people_text(shell: &Shell, role: &VolunteerRole) -> String {
    shell.t_with(
        "volunteers-people",
        &[
            ("connected", role.connected.to_string()),
            ("people", role.people.to_string()),
        ],
    )
}

async fn overview_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<OverviewQuery>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let filter = OfferFilter {
        search: Some(query.q.clone()).filter(|q| !q.trim().is_empty()),
        status: OfferStatus::parse(&query.status),
        district_id: None,
        page: query.page.unwrap_or(1),
    };
    let route = ctx.route.as_str();
    let page = OverviewPage {
        offers: state.store.volunteer_offers(&scope, &filter, route).await?,
        roles: state.store.open_volunteer_roles().await?,
        suggestions: state.store.volunteer_suggestions(&scope, route).await?,
        matches: state.store.volunteer_matches(&scope, route).await?,
        shell: Shell::build(&state, &ctx).await,
        query,
    };
    Ok(Html(page.render()?).into_response())
}

async fn connect(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let form = Fields(pairs);
    let offer: i64 = form.get("offer").parse().map_err(|_| AppError::NotFound)?;
    let role: i64 = form.get("role").parse().map_err(|_| AppError::NotFound)?;
    let id = state
        .store
        .create_volunteer_match(&scope, offer, role, &ctx.route)
        .await?;
    Ok(Redirect::to(&format!("/netwerk/meedoen/koppelingen/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "volunteer_offer.html")]
struct OfferDetailPage {
    shell: Shell,
    offer: VolunteerOffer,
}

impl OfferDetailPage {
    fn slots(&self) -> String {
        slots_text(self.shell.lang, self.offer.availability)
    }
    fn skills(&self) -> String {
        skills_text(self.shell.lang, &self.offer.skills)
    }
    fn status(&self) -> String {
        self.shell.t(&format!(
            "volunteer-offer-status-{}",
            self.offer.status.as_str()
        ))
    }
    fn language(&self) -> String {
        crate::pages::language_name(&self.offer.language, self.shell.lang == Lang::En)
    }
    fn when(&self) -> String {
        super::format_instant(self.offer.consent_at)
    }
}

async fn offer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let offer = state.store.volunteer_offer(&scope, id, &ctx.route).await?;
    let page = OfferDetailPage {
        shell: Shell::build(&state, &ctx).await,
        offer,
    };
    Ok(Html(page.render()?).into_response())
}

async fn offer_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let status = OfferStatus::parse(&Fields(pairs).get("status")).ok_or(AppError::NotFound)?;
    state
        .store
        .set_volunteer_offer_status(&scope, id, status, &ctx.route)
        .await?;
    Ok(Redirect::to(&format!("/netwerk/meedoen/aanbod/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "volunteer_match.html")]
struct MatchPage {
    shell: Shell,
    found: VolunteerMatch,
    /// The caller may take steps (a matcher of the resident's district).
    matcher: bool,
    note: String,
    month: String,
    hours: String,
    errors: FieldErrors,
}

/// The fields of the match page in form order.
const MATCH_FORM_ORDER: &[&str] = &["status", "note", "month", "hours"];

impl MatchPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(MATCH_FORM_ORDER)
    }
    fn status(&self, status: &MatchStatus) -> String {
        self.shell
            .t(&format!("volunteer-match-status-{}", status.as_str()))
    }
    fn next_steps(&self) -> Vec<(&'static str, String)> {
        MatchStatus::ALL
            .iter()
            .filter(|s| self.found.status.may_become(**s))
            .map(|s| {
                (
                    s.as_str(),
                    self.shell.t(&format!("volunteer-step-{}", s.as_str())),
                )
            })
            .collect()
    }
    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }
    fn hours_of(&self, minutes: &i64) -> String {
        hours_text(self.shell.lang, *minutes)
    }
    fn km(&self) -> String {
        self.found.distance_m.map_or_else(
            || self.shell.t("volunteer-online"),
            |m| km(self.shell.lang, m as f64),
        )
    }
    fn slots(&self) -> String {
        slots_text(self.shell.lang, self.found.role.slots)
    }
    fn roles_href(&self) -> String {
        roles_href(&self.found.role)
    }
    fn may_record_hours(&self) -> bool {
        self.found.status != MatchStatus::Proposed
    }
}

/// The page of a role's owner, where its volunteers and hours are.
pub(crate) fn roles_href(role: &VolunteerRole) -> String {
    match role.owner {
        kring_store::volunteer::RoleOwner::Offer(id) => {
            format!("/netwerk/aanbod/{id}/vrijwilligers")
        }
        kring_store::volunteer::RoleOwner::Collective(id) => {
            format!("/collectieven/{id}/vrijwilligers")
        }
    }
}

async fn render_match(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    typed: (String, String, String),
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let found = state.store.volunteer_match(&scope, id, &ctx.route).await?;
    let matcher = scope.allows(Action::ReadVolunteerOffersIn(found.offer_district_id));
    let (note, month, hours) = typed;
    let page = MatchPage {
        shell: Shell::build(state, ctx).await,
        found,
        matcher,
        note,
        month: if month.is_empty() {
            kring_store::this_month()
        } else {
            month
        },
        hours,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn match_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_match(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        Default::default(),
        FieldErrors::default(),
    )
    .await
}

async fn match_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let form = Fields(pairs);
    let typed_note = form.get("note");
    let status = match form.get("status").as_str() {
        "" => None,
        code => Some(MatchStatus::parse(code).ok_or(AppError::NotFound)?),
    };
    let mut errors = FieldErrors::default();
    let result = match check_follow_up(&typed_note) {
        Ok(note) => {
            state
                .store
                .update_volunteer_match(&scope, id, status, &note, &ctx.route)
                .await
        }
        Err(problem) => Err(StoreError::Problem(problem)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/netwerk/meedoen/koppelingen/{id}")).into_response()),
        Err(StoreError::Problem(problem)) => {
            errors.add_problem(ctx.lang, &problem);
            render_match(
                &state,
                &ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                (typed_note, String::new(), String::new()),
                errors,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn record_hours(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let form = Fields(pairs);
    let (month, hours) = (form.get("month"), form.get("hours"));
    let back = form.get("back");
    let mut errors = FieldErrors::default();
    let checked_month = check_month(&month, &kring_store::this_month());
    let minutes = parse_hours(&hours);
    let result = match (checked_month, minutes) {
        (Ok(month), Ok(minutes)) => {
            state
                .store
                .record_volunteer_hours(&scope, id, &month, minutes, &ctx.route)
                .await
        }
        (m, h) => {
            if let Err(p) = m {
                errors.add_problem(ctx.lang, &p);
            }
            if let Err(p) = h {
                errors.add_problem(ctx.lang, &p);
            }
            Ok(())
        }
    };
    match result {
        Ok(()) if errors.is_empty() => {
            // Back to the page the form was on: the roles of an offer or a collective, or the
            // match itself.
            let to = if back.starts_with("/netwerk/aanbod/") || back.starts_with("/collectieven/") {
                back
            } else {
                format!("/netwerk/meedoen/koppelingen/{id}")
            };
            Ok(Redirect::to(&to).into_response())
        }
        Ok(()) | Err(StoreError::Problem(_)) => {
            if let Err(StoreError::Problem(problem)) = &result {
                errors.add_problem(ctx.lang, problem);
            }
            render_match(
                &state,
                &ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                (String::new(), month, hours),
                errors,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
