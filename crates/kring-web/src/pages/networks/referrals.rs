//! Warm referrals between partners (`/netwerk/verwijzingen`): the referrals the caller receives
//! and those they sent, searchable, filtered by status, sorted and paged, the ones waiting
//! longer than the norm flagged; `/netwerk/verwijzingen/nieuw` refers a resident to another
//! organisation (or one of its offers) or to the wijkteam with their consent; a referral's page
//! shows the receiver the resident and the buttons for the next step, and the sender only the
//! status. A referral to the wijkteam becomes a question through the intake form, filled from
//! it (`/vragen/nieuw?verwijzing=`). Partners' staff and professionals only; the store scopes
//! and audits every read.

use super::*;
use crate::auth::Ctx;
use crate::i18n::Lang;
use crate::shell::encode;
use axum::extract::Query;
use kring_core::referral::{ConsentHow, FORM_ORDER, ReferralForm, ReferralStatus};
use kring_store::offer::{Offer, OfferFilter};
use kring_store::referral::{Referral, ReferralDirection, ReferralSummary, ReferralView};
use serde::Deserialize;

/// Referrals per page.
const PAGE_SIZE: usize = 25;

/// The sorts of the list, by code.
const SORTS: [&str; 4] = ["newest", "oldest", "waiting", "status"];

#[derive(Deserialize, Default, Clone)]
pub(super) struct ListQuery {
    /// `in` (received, the default) or `uit` (sent).
    #[serde(default)]
    richting: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    pagina: String,
    /// Set after sending, to say so.
    #[serde(default)]
    verstuurd: String,
}

impl ListQuery {
    fn outgoing(&self) -> bool {
        self.richting == "uit"
    }

    fn page_number(&self) -> usize {
        self.pagina.parse().unwrap_or(1).max(1)
    }
}

/// The name of where a referral goes: the organisation (and offer), or the wijkteam.
pub(crate) fn target_name(lang: Lang, summary: &ReferralSummary) -> String {
    match (&summary.to_organisation_name, &summary.offer_title) {
        (Some(name), Some(offer)) => format!("{name}: {offer}"),
        (Some(name), None) => name.clone(),
        _ => match &summary.district_name {
            Some(district) => {
                lang.t_with("referrals-wijkteam-of", &[("district", district.clone())])
            }
            None => lang.t("referrals-wijkteam"),
        },
    }
}

/// Who sent a referral: the organisation, else the professional's name.
fn sender_name(summary: &ReferralSummary) -> String {
    summary
        .sender_organisation_name
        .clone()
        .or_else(|| summary.sender_name.clone())
        .unwrap_or_default()
}

fn status_label(lang: Lang, status: ReferralStatus) -> String {
    status.label(lang == Lang::En).to_owned()
}

#[derive(Template)]
#[template(path = "referrals.html")]
struct ListPage {
    shell: Shell,
    section: &'static str,
    query: ListQuery,
    items: Vec<ReferralSummary>,
    total: usize,
    page: usize,
    pages: usize,
    over_norm: usize,
    norm_hours: u32,
}

impl ListPage {
    fn lang(&self) -> Lang {
        self.shell.lang
    }

    fn target(&self, summary: &ReferralSummary) -> String {
        target_name(self.lang(), summary)
    }

    fn sender(&self, summary: &ReferralSummary) -> String {
        sender_name(summary)
    }

    fn status(&self, status: &ReferralStatus) -> String {
        status_label(self.lang(), *status)
    }

    fn when(&self, at: &i64) -> String {
        super::super::format_instant(*at)
    }

    fn waited(&self, summary: &ReferralSummary) -> String {
        let hours = summary.waiting_seconds / 3600;
        self.shell
            .t_with("referrals-waited-hours", &[("hours", hours.to_string())])
    }

    fn statuses(&self) -> Vec<(&'static str, String, bool)> {
        ReferralStatus::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    status_label(self.lang(), *s),
                    self.query.status == s.as_str(),
                )
            })
            .collect()
    }

    fn sorts(&self) -> Vec<(&'static str, String, bool)> {
        SORTS
            .iter()
            .map(|code| {
                (
                    *code,
                    self.shell.t(&format!("referrals-sort-{code}")),
                    self.query.sort == *code || (self.query.sort.is_empty() && *code == "newest"),
                )
            })
            .collect()
    }

    /// A link to this list with the same selection, another direction or page.
    fn href(&self, richting: &str, page: usize) -> String {
        let mut pairs = vec![format!("richting={richting}")];
        if richting == self.query.richting || (richting == "in" && !self.query.outgoing()) {
            for (name, value) in [
                ("q", &self.query.q),
                ("status", &self.query.status),
                ("sort", &self.query.sort),
            ] {
                if !value.is_empty() {
                    pairs.push(format!("{name}={}", encode(value)));
                }
            }
            if page > 1 {
                pairs.push(format!("pagina={page}"));
            }
        }
        format!("/netwerk/verwijzingen?{}", pairs.join("&"))
    }
}

/// Whether the search words all occur in what the list shows of a referral.
fn matches(lang: Lang, summary: &ReferralSummary, words: &[String]) -> bool {
    let text = format!(
        "{} {} {} {}",
        target_name(lang, summary),
        sender_name(summary),
        summary.district_name.clone().unwrap_or_default(),
        status_label(lang, summary.status),
    )
    .to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

pub(super) async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let direction = if query.outgoing() {
        ReferralDirection::Outgoing
    } else {
        ReferralDirection::Incoming
    };
    let mut items = state.store.referrals(&scope, direction).await?;
    let words: Vec<String> = query
        .q
        .chars()
        .take(200)
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let status = ReferralStatus::parse(&query.status).ok();
    items.retain(|r| status.is_none_or(|s| r.status == s) && matches(ctx.lang, r, &words));
    match query.sort.as_str() {
        "oldest" => items.reverse(),
        "waiting" => items.sort_by_key(|r| {
            (
                r.status != ReferralStatus::Sent,
                std::cmp::Reverse(r.waiting_seconds),
            )
        }),
        "status" => items.sort_by_key(|r| {
            ReferralStatus::ALL
                .iter()
                .position(|s| *s == r.status)
                .unwrap_or_default()
        }),
        _ => {}
    }
    let over_norm = items
        .iter()
        .filter(|r| r.over_norm && r.status == ReferralStatus::Sent)
        .count();
    let total = items.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = query.page_number().min(pages);
    let items = items
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let norm_hours = state.store.signal_settings().await?.pickup_norm.hours();
    let page = ListPage {
        shell: Shell::build(&state, &ctx).await,
        section: "referrals",
        query,
        items,
        total,
        page,
        pages,
        over_norm,
        norm_hours,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "referral_form.html")]
struct FormPage {
    shell: Shell,
    section: &'static str,
    organisations: Vec<NetworkOrganisation>,
    offers: Vec<Offer>,
    consent_kinds: &'static [ConsentHow],
    input: ReferralForm,
    errors: FieldErrors,
    summary: Vec<(String, String)>,
}

impl FormPage {
    fn english(&self) -> bool {
        self.shell.lang == Lang::En
    }

    fn hosts(&self, offer: &Offer) -> String {
        offer
            .hosts
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    input: ReferralForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let organisations: Vec<NetworkOrganisation> = state
        .store
        .network_organisations(&NetworkFilter::default())
        .await?
        .into_iter()
        .filter(|o| scope.organisation_id != Some(o.organisation_id))
        .collect();
    let offers = state
        .store
        .offers(&OfferFilter::default())
        .await?
        .into_iter()
        .filter(|o| {
            o.hosts
                .iter()
                .any(|h| scope.organisation_id != Some(h.organisation_id))
        })
        .collect();
    let summary = errors.summary(FORM_ORDER, |field| {
        format!("referral-{}", field.replace('_', "-"))
    });
    let page = FormPage {
        shell: Shell::build(state, ctx).await,
        section: "referrals",
        organisations,
        offers,
        consent_kinds: ConsentHow::ALL,
        input,
        errors,
        summary,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct NewQuery {
    /// Preselect this organisation.
    #[serde(default)]
    organisatie: Option<i64>,
    /// Preselect this offer (and its organisation).
    #[serde(default)]
    aanbod: Option<i64>,
}

pub(super) async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    ctx.require(Action::ReferResident)?;
    let input = ReferralForm {
        to: if query.organisatie.is_some() || query.aanbod.is_some() {
            "organisation".into()
        } else {
            String::new()
        },
        to_organisation_id: query
            .organisatie
            .map(|id| id.to_string())
            .unwrap_or_default(),
        offer_id: query.aanbod.map(|id| id.to_string()).unwrap_or_default(),
        consent_on: kring_store::today().to_string(),
        ..ReferralForm::default()
    };
    render_form(&state, &ctx, StatusCode::OK, input, FieldErrors::default()).await
}

/// The form as typed; the API reads the same fields from JSON.
fn typed(fields: &Fields) -> ReferralForm {
    ReferralForm {
        to: fields.get("to"),
        to_organisation_id: fields.get("to_organisation_id"),
        offer_id: fields.get("offer_id"),
        first_name: fields.get("first_name"),
        phone: fields.get("phone"),
        email: fields.get("email"),
        postcode: fields.get("postcode"),
        reason: fields.get("reason"),
        consent: fields.get("consent") == "yes",
        consent_by: fields.get("consent_by"),
        consent_on: fields.get("consent_on"),
        consent_how: fields.get("consent_how"),
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let input = typed(&Fields(pairs));
    let errors = match input.check(kring_store::today()) {
        Ok(checked) => match state
            .store
            .create_referral(&scope, &checked, ctx.route.as_str())
            .await
        {
            Ok(created) => {
                return Ok(Redirect::to(&format!(
                    "/netwerk/verwijzingen/{}?verstuurd=1",
                    created.referral_id
                ))
                .into_response());
            }
            Err(error) => {
                let mut errors = FieldErrors::default();
                errors.add_store_refusal(ctx.lang, error)?;
                errors
            }
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_form(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}

#[derive(Template)]
#[template(path = "referral.html")]
struct DetailPage {
    shell: Shell,
    section: &'static str,
    summary: ReferralSummary,
    /// The resident and the history: for the receiver only.
    full: Option<Box<Referral>>,
    sent_now: bool,
    /// A professional of the district may make a question of a wijkteam referral.
    may_make_question: bool,
    note: String,
    errors: FieldErrors,
    error_list: Vec<(String, String)>,
}

impl DetailPage {
    fn english(&self) -> bool {
        self.shell.lang == Lang::En
    }

    fn target(&self) -> String {
        target_name(self.shell.lang, &self.summary)
    }

    fn sender(&self) -> String {
        sender_name(&self.summary)
    }

    fn status(&self, status: &ReferralStatus) -> String {
        status_label(self.shell.lang, *status)
    }

    fn when(&self, at: &i64) -> String {
        super::super::format_instant(*at)
    }

    /// The steps the receiver can take from here, with their button labels.
    fn next_steps(&self) -> Vec<(&'static str, String)> {
        self.summary
            .status
            .next()
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    self.shell
                        .t(&format!("referrals-step-{}", s.as_str().replace('_', "-"))),
                )
            })
            .collect()
    }

    fn hours(&self, seconds: &i64) -> String {
        self.shell.t_with(
            "referrals-waited-hours",
            &[("hours", (seconds / 3600).to_string())],
        )
    }
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    referral_id: i64,
    (sent_now, note, errors): (bool, String, FieldErrors),
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let view = state
        .store
        .referral(&scope, referral_id, ctx.route.as_str())
        .await?;
    let summary = view.summary().clone();
    let full = match view {
        ReferralView::Full(referral) => Some(referral),
        ReferralView::StatusOnly(_) => None,
    };
    let may_make_question = full.is_some()
        && summary.to_wijkteam()
        && !summary.status.is_closed()
        && scope.allows(Action::WorkWithResidents);
    let error_list = errors.summary(&["status", "note"], |field| {
        format!("referral-step-{field}")
    });
    let page = DetailPage {
        shell: Shell::build(state, ctx).await,
        section: "referrals",
        summary,
        full,
        sent_now,
        may_make_question,
        note,
        errors,
        error_list,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(referral_id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    render_detail(
        &state,
        &ctx,
        StatusCode::OK,
        referral_id,
        (
            !query.verstuurd.is_empty(),
            String::new(),
            FieldErrors::default(),
        ),
    )
    .await
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(referral_id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let fields = Fields(pairs);
    let note = fields.get("note");
    let mut errors = FieldErrors::default();
    match ReferralStatus::parse(&fields.get("status")) {
        Ok(to) => {
            let version = fields.get("version").parse::<i64>().unwrap_or_default();
            match state
                .store
                .change_referral_status(&scope, referral_id, version, to, &note, ctx.route.as_str())
                .await
            {
                Ok(_) => {
                    return Ok(
                        Redirect::to(&format!("/netwerk/verwijzingen/{referral_id}"))
                            .into_response(),
                    );
                }
                Err(StoreError::Conflict(name)) => {
                    errors.add("status", ctx.lang.conflict(name));
                    return render_detail(
                        &state,
                        &ctx,
                        StatusCode::CONFLICT,
                        referral_id,
                        (false, note, errors),
                    )
                    .await;
                }
                Err(error) => errors.add_store_refusal(ctx.lang, error)?,
            }
        }
        Err(_) => errors.refuse(
            ctx.lang,
            "status",
            kring_core::problem::ProblemCode::Unknown,
            &[],
        ),
    }
    render_detail(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        referral_id,
        (false, note, errors),
    )
    .await
}
