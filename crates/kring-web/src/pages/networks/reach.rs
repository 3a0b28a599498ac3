//! Reach: the network's reach per neighbourhood as a map (the neighbourhoods' centres, shaded by
//! share, drawn by the district map's own placement `public_map::MapView`) beside the table, and
//! a partner's own reach form `/bereik`: per neighbourhood a count, a kind and the channels.

use super::*;
use crate::pages::public_map::MapView;
use axum::extract::Query;
use kring_core::area::RdPoint;
use kring_core::network_plan::{ReachChannel, ReachForm, ReachKind, ReachShare};
use kring_store::area::Neighbourhood;
use kring_store::network_reach::{OrganisationReach, ReachChanges};
use serde::Deserialize;

/// How a neighbourhood is shaded on the reach map, darkest where the network reaches most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareClass {
    /// No inhabitants known: the share cannot be said.
    Unknown,
    /// A white spot: nobody or under a tenth.
    WhiteSpot,
    /// A tenth to a third.
    Some,
    /// A third or more.
    Many,
}

impl ShareClass {
    pub fn of(share: &ReachShare) -> ShareClass {
        match share.per_mille {
            _ if share.white_spot => ShareClass::WhiteSpot,
            None => ShareClass::Unknown,
            Some(p) if p < 333 => ShareClass::Some,
            Some(_) => ShareClass::Many,
        }
    }

    /// The fill of the neighbourhood's dot (an SVG attribute, so no inline style).
    pub fn fill(self) -> &'static str {
        match self {
            ShareClass::Unknown => "#d0d0d0",
            ShareClass::WhiteSpot => "#ffffff",
            ShareClass::Some => "#9ecae1",
            ShareClass::Many => "#08519c",
        }
    }

    /// The number's colour on the dot, readable on its fill.
    pub fn ink(self) -> &'static str {
        match self {
            ShareClass::Many => "#ffffff",
            _ => "#000000",
        }
    }

    /// The legend's key (Fluent).
    pub fn key(self) -> &'static str {
        match self {
            ShareClass::Unknown => "networks-share-unknown",
            ShareClass::WhiteSpot => "networks-share-white-spot",
            ShareClass::Some => "networks-share-some",
            ShareClass::Many => "networks-share-many",
        }
    }

    pub const ALL: [ShareClass; 4] = [
        ShareClass::Many,
        ShareClass::Some,
        ShareClass::WhiteSpot,
        ShareClass::Unknown,
    ];
}

/// A date as `YYYY-MM-DD` in words (`5 december 2026`); anything else as it is.
pub fn long_date(iso: &str, english: bool) -> String {
    match kring_core::civil::Date::parse(iso) {
        Ok(date) if english => date.format_long_en(),
        Ok(date) => date.format_long_nl(),
        Err(_) => iso.to_owned(),
    }
}

/// A share in tenths of a percent as people read it: `12,5%`; nothing when unknown.
pub fn per_cent(per_mille: &Option<i64>) -> String {
    per_mille
        .map(|p| format!("{},{}%", p / 10, p % 10))
        .unwrap_or_default()
}

/// A numbered neighbourhood on the reach map.
pub struct ReachDot {
    pub number: usize,
    pub x: f64,
    pub y: f64,
    pub class: ShareClass,
    pub name: String,
}

/// The reach map: the neighbourhoods' centres placed as on the district map.
pub struct ReachMap {
    pub view_box: String,
    pub width: f64,
    pub height: f64,
    pub dots: Vec<ReachDot>,
}

impl ReachMap {
    /// `None` when no neighbourhood has a place.
    pub fn new(reach: &[NeighbourhoodReach]) -> Option<ReachMap> {
        let placed: Vec<(&NeighbourhoodReach, RdPoint)> = reach
            .iter()
            .filter_map(|r| {
                let (x, y) = r.centre?;
                RdPoint::new(x, y).ok().map(|p| (r, p))
            })
            .collect();
        let points: Vec<RdPoint> = placed.iter().map(|(_, p)| *p).collect();
        let view = MapView::new(&points, &[])?;
        let dots = view
            .dots
            .iter()
            .zip(&placed)
            .map(|(dot, (r, _))| ReachDot {
                number: dot.number,
                x: dot.x,
                y: dot.y,
                class: ShareClass::of(&r.share),
                name: r.name.clone(),
            })
            .collect();
        Some(ReachMap {
            view_box: view.view_box(),
            width: view.width,
            height: view.height,
            dots,
        })
    }
}

/// One row of the reach form: a neighbourhood and what the form holds for it.
pub struct ReachRow {
    pub neighbourhood_id: i64,
    pub name: String,
    pub district_name: String,
    pub input: ReachForm,
}

#[derive(Template)]
#[template(path = "network_reach_form.html")]
struct ReachPage {
    shell: Shell,
    section: &'static str,
    organisation_id: i64,
    organisation_name: String,
    /// The organisations this caller may record reach for (a partner: its own).
    organisations: Vec<NetworkOrganisation>,
    rows: Vec<ReachRow>,
    kinds: &'static [ReachKind],
    channels: &'static [ReachChannel],
    errors: FieldErrors,
    summary: Vec<(String, String)>,
    saved: bool,
}

impl ReachPage {
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }

    fn has_channel(input: &ReachForm, channel: &ReachChannel) -> bool {
        input.channels.iter().any(|c| c == channel.as_str())
    }
}

#[derive(Deserialize, Default)]
pub(super) struct ReachQuery {
    /// The organisation, for coordinators and admins; a partner's own otherwise.
    organisatie: Option<i64>,
    opgeslagen: Option<String>,
}

/// The organisation the caller records reach for, or 403.
pub(super) async fn chosen_organisation(
    state: &AppState,
    caller: &Caller,
    asked: Option<i64>,
) -> Result<(NetworkOrganisation, Vec<NetworkOrganisation>), AppError> {
    let scope = caller.scope();
    let choosable: Vec<NetworkOrganisation> = state
        .store
        .network_organisations(&NetworkFilter::default())
        .await?
        .into_iter()
        .filter(|o| scope.allows(Action::EditOrganisation(o.organisation_id)))
        .collect();
    let wanted = asked.or(caller.account.organisation_id);
    let chosen = match wanted {
        Some(id) => choosable.iter().find(|o| o.organisation_id == id).cloned(),
        None => choosable.first().cloned(),
    };
    match chosen {
        Some(organisation) => Ok((organisation, choosable)),
        None if wanted.is_some() => Err(AppError::Forbidden),
        None => Err(AppError::NotFound),
    }
}

fn stored_input(reach: Option<&OrganisationReach>) -> ReachForm {
    match reach {
        Some(r) => ReachForm {
            people: r.people.to_string(),
            kind: r.kind.as_str().into(),
            channels: r.channels.iter().map(|c| c.as_str().to_owned()).collect(),
        },
        None => ReachForm::default(),
    }
}

fn all_neighbourhoods(districts: &[District]) -> Vec<(&District, &Neighbourhood)> {
    districts
        .iter()
        .flat_map(|d| d.neighbourhoods.iter().map(move |n| (d, n)))
        .collect()
}

pub(super) async fn reach_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReachQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let (organisation, organisations) =
        chosen_organisation(&state, caller, query.organisatie).await?;
    let stored = state
        .store
        .organisation_reach(organisation.organisation_id)
        .await?;
    let districts = state.store.districts().await?;
    let rows = all_neighbourhoods(&districts)
        .into_iter()
        .map(|(d, n)| ReachRow {
            neighbourhood_id: n.neighbourhood_id,
            name: n.name.clone(),
            district_name: d.name.clone(),
            input: stored_input(
                stored
                    .iter()
                    .find(|r| r.neighbourhood_id == n.neighbourhood_id),
            ),
        })
        .collect();
    render_reach(
        &state,
        &ctx,
        StatusCode::OK,
        (organisation, organisations),
        rows,
        FieldErrors::default(),
        query.opgeslagen.is_some(),
    )
    .await
}

async fn render_reach(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    (organisation, organisations): (NetworkOrganisation, Vec<NetworkOrganisation>),
    rows: Vec<ReachRow>,
    errors: FieldErrors,
    saved: bool,
) -> Result<Response, AppError> {
    let order: Vec<String> = rows
        .iter()
        .flat_map(|r| ["people", "kind", "channels"].map(|f| format!("{f}-{}", r.neighbourhood_id)))
        .collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let summary = errors.summary(&order, |field| format!("reach-{field}"));
    let page = ReachPage {
        shell: Shell::build(state, ctx).await,
        section: "reach",
        organisation_id: organisation.organisation_id,
        organisation_name: organisation.name,
        organisations,
        rows,
        kinds: ReachKind::ALL,
        channels: ReachChannel::ALL,
        errors,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn save_reach(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let fields = Fields(pairs);
    let asked = fields.get("organisation_id").parse::<i64>().ok();
    let chosen = chosen_organisation(&state, caller, asked).await?;
    let organisation_id = chosen.0.organisation_id;
    let districts = state.store.districts().await?;
    let mut rows = Vec::new();
    let mut changes: ReachChanges = Vec::new();
    let mut errors = FieldErrors::default();
    for (d, n) in all_neighbourhoods(&districts) {
        let id = n.neighbourhood_id;
        let input = ReachForm {
            people: fields.get(&format!("people-{id}")),
            kind: fields.get(&format!("kind-{id}")),
            channels: fields.all(&format!("channels-{id}")),
        };
        if input.people.is_empty() {
            // An empty count clears the neighbourhood, whatever else was chosen.
            changes.push((id, None));
        } else {
            match input.check() {
                Ok(checked) => changes.push((id, Some(checked))),
                Err(problems) => {
                    for problem in problems {
                        let message = ctx.lang.problem(&problem);
                        errors.add(&format!("{}-{id}", problem.field), message);
                    }
                }
            }
        }
        rows.push(ReachRow {
            neighbourhood_id: id,
            name: n.name.clone(),
            district_name: d.name.clone(),
            input,
        });
    }
    if errors.is_empty() {
        state
            .store
            .save_organisation_reach(
                &caller.scope(),
                organisation_id,
                &changes,
                ctx.route.as_str(),
            )
            .await?;
        return Ok(Redirect::to(&format!(
            "/bereik?organisatie={organisation_id}&opgeslagen=1"
        ))
        .into_response());
    }
    render_reach(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        chosen,
        rows,
        errors,
        false,
    )
    .await
}
