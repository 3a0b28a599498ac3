//! `/bundelen`: a professional runs the bundling engine for their districts and decides on its
//! proposals. `/bundelen/{id}` shows a run: each new group with theme, moment, venue and
//! language, its members by reference code and first name (least data), their distance and
//! why; the places proposed in running offers; and the questions left alone with the reason.
//! Proposals are rejected with a reason (their questions go back to open) or, for places in an
//! offer, accepted (the questions move to `in_offer`).

use crate::AppState;
use crate::auth::Ctx;
use crate::bundling::{check_request, own_districts, run};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_store::bundling::{BundlingRun, RunSummary};
use kring_store::theme::Theme;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bundelen", get(start_page).post(start_run))
        .route("/bundelen/{id}", get(run_page))
        .route("/voorstellen/{id}/afwijzen", post(reject))
        .route("/voorstellen/{id}/aannemen", post(accept))
        .route("/voorstellen/{id}/wijzigen", get(change_page).post(change))
}

/// What was typed in the start form, kept as text.
#[derive(Debug, Clone, Default)]
struct StartInput {
    districts: Vec<String>,
    min_group: String,
    max_group: String,
    /// "Re-plan everything": start without the open proposals.
    replan: bool,
}

#[derive(Template)]
#[template(path = "bundling_start.html")]
struct StartPage {
    shell: Shell,
    districts: Vec<(i64, String, String)>,
    runs: Vec<RunSummary>,
    input: StartInput,
    errors: FieldErrors,
}

impl StartPage {
    /// A run's districts by name.
    fn district_names(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|code| {
                self.districts
                    .iter()
                    .find(|d| &d.1 == code)
                    .map_or_else(|| code.clone(), |d| d.2.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The group-size fields as (field, label key, typed value).
    fn size_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            (
                "min_group",
                "bundling-min-group",
                self.input.min_group.clone(),
            ),
            (
                "max_group",
                "bundling-max-group",
                self.input.max_group.clone(),
            ),
        ]
    }

    fn chosen(&self, code: &str) -> bool {
        self.input.districts.iter().any(|d| d == code)
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }
}

async fn render_start(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    input: StartInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let districts = own_districts(&state.store, &scope).await?;
    if districts.is_empty() {
        return Err(AppError::Forbidden);
    }
    let page = StartPage {
        shell: Shell::build(state, ctx).await,
        runs: state.store.recent_bundling_runs(&scope, 20).await?,
        districts,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn start_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let districts = own_districts(&state.store, &scope).await?;
    let input = StartInput {
        // Every district of the professional, ticked: bundling across them finds more groups.
        districts: districts.iter().map(|d| d.1.clone()).collect(),
        min_group: "4".into(),
        max_group: "12".into(),
        replan: false,
    };
    render_start(&state, &ctx, StatusCode::OK, input, FieldErrors::default()).await
}

async fn start_run(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let scope = ctx.caller()?.scope();
    let input = StartInput {
        districts: pairs
            .iter()
            .filter(|(k, _)| k == "districts")
            .map(|(_, v)| v.clone())
            .collect(),
        min_group: value("min_group"),
        max_group: value("max_group"),
        replan: !value("replan").is_empty(),
    };
    let own = own_districts(&state.store, &scope).await?;
    let request = check_request(
        ctx.lang,
        &own,
        &input.districts,
        input.min_group.parse().ok(),
        input.max_group.parse().ok(),
    );
    let errors = match request {
        Ok(request) => {
            match run(&state, &scope, &request, input.replan, ctx.route.as_str()).await {
                Ok(run_id) => {
                    return Ok(Redirect::to(&format!("/bundelen/{run_id}")).into_response());
                }
                Err(AppError::Conflict(message)) => {
                    let mut errors = FieldErrors::default();
                    errors.add("districts", message);
                    errors
                }
                Err(other) => return Err(other),
            }
        }
        Err(errors) => errors,
    };
    render_start(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}

/// "dinsdag ochtend" for `di-ochtend`.
fn slot_label(shell: &Shell, code: &str) -> String {
    match code.split_once('-') {
        Some((day, part)) => format!(
            "{} {}",
            shell.t(&format!("day-{day}")),
            shell.t(&format!("part-{part}"))
        ),
        None => code.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "bundling_run.html")]
struct RunPage {
    shell: Shell,
    run: BundlingRun,
    themes: Vec<Theme>,
    /// The run's districts by name.
    district_names: Vec<String>,
    terms: kring_core::terms::Terms,
    /// The proposal whose rejection was refused, with the message.
    refused: Option<(i64, String)>,
}

impl RunPage {
    fn english(&self) -> bool {
        self.shell.lang == crate::i18n::Lang::En
    }

    fn theme_label(&self, code: &str) -> String {
        super::theme_label(&self.themes, code, self.english())
    }

    fn slot_label(&self, code: &str) -> String {
        slot_label(&self.shell, code)
    }

    fn language_name(&self, code: &str) -> String {
        super::language_name(code, self.english())
    }

    fn km(&self, metres: &i64) -> String {
        let km = *metres as f64 / 1000.0;
        if self.english() {
            format!("{km:.1} km")
        } else {
            format!("{km:.1} km").replace('.', ",")
        }
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }

    fn refusal(&self, proposal_id: &i64) -> String {
        match &self.refused {
            Some((id, message)) if id == proposal_id => message.clone(),
            _ => String::new(),
        }
    }

    /// The heading of a proposal: what it is (the theme of a new group, the offer's or the
    /// collective's name for places in a running group), when, where, and apart from the theme
    /// the language the group speaks (a "Taal" group speaks Dutch or another language).
    fn heading(&self, p: &kring_store::bundling::Proposal) -> String {
        let what = match &p.target_name {
            Some(name) if p.kind == "offer" => name.clone(),
            _ => self.theme_label(&p.theme),
        };
        let language = self.shell.t_with(
            "bundling-heading-language",
            &[("language", self.language_name(&p.language))],
        );
        format!(
            "{what} · {} · {} · {language}",
            self.slot_label(&p.slot),
            p.venue_name
        )
    }

    /// Why this group, said once for the whole group.
    fn summary(&self, p: &kring_store::bundling::Proposal) -> String {
        let args = [
            ("count", p.members.len().to_string()),
            ("theme", self.theme_label(&p.theme)),
            ("slot", self.slot_label(&p.slot)),
            ("venue", p.venue_name.clone()),
            ("language", self.language_name(&p.language)),
            ("target", p.target_name.clone().unwrap_or_default()),
        ];
        let key = if p.kind == "offer" {
            "bundling-summary-offer"
        } else {
            "bundling-summary-new"
        };
        self.shell.t_with(key, &args)
    }

    /// A member's home languages by name, or a dash.
    fn home_languages(&self, m: &kring_store::bundling::ProposalMember) -> String {
        self.language_names(m.languages.iter())
    }

    /// The members' home languages together, each once by name: shown for a group that
    /// speaks its theme's group language, where they did not split the group.
    fn group_home_languages(&self, p: &kring_store::bundling::Proposal) -> String {
        let mut all: Vec<&String> = Vec::new();
        for l in p.members.iter().flat_map(|m| &m.languages) {
            if !all.contains(&l) {
                all.push(l);
            }
        }
        self.language_names(all.into_iter())
    }

    fn language_names<'a>(&self, codes: impl Iterator<Item = &'a String>) -> String {
        let names: Vec<String> = codes.map(|c| self.language_name(c)).collect();
        if names.is_empty() {
            "–".to_owned()
        } else {
            names.join(", ")
        }
    }

    /// The member's other themes by label, or a dash.
    fn also_about(&self, m: &kring_store::bundling::ProposalMember) -> String {
        if m.other_themes.is_empty() {
            "–".to_owned()
        } else {
            m.other_themes
                .iter()
                .map(|t| self.theme_label(t))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// How far the answer can be from the best, in whole percent of the bound ("0" when it
    /// meets it).
    fn gap(&self, most: &i64) -> String {
        if *most <= 0 || self.run.placed >= *most {
            return "0".to_owned();
        }
        let gap = (*most - self.run.placed) as f64 * 100.0 / *most as f64;
        let text = format!("{gap:.1}");
        if self.english() {
            text
        } else {
            text.replace('.', ",")
        }
    }

    /// One advised change in plain words: the venue by name, the moment, theme and language
    /// by label.
    fn advice_line(&self, a: &kring_store::bundling::RunAdvice) -> String {
        let mut args = vec![
            ("venue", a.venue_name.clone()),
            ("slot", self.slot_label(&a.slot)),
            ("places", a.places.to_string()),
        ];
        match (&a.theme, &a.language) {
            (Some(theme), Some(language)) if a.kind == "extra_group" => {
                args.push(("theme", self.theme_label(theme)));
                args.push(("language", self.language_name(language)));
                self.shell.t_with("bundling-advice-extra-group", &args)
            }
            _ => self.shell.t_with("bundling-advice-extra-slot", &args),
        }
    }

    /// A Fluent selector for a yes/no argument.
    fn yes_no(&self, value: &bool) -> String {
        if *value { "yes" } else { "no" }.to_owned()
    }

    fn expired(&self) -> usize {
        self.run
            .proposals
            .iter()
            .filter(|p| p.status == "expired")
            .count()
    }

    fn expiry_days(&self) -> u32 {
        self.terms.proposal_expiry_days()
    }

    fn new_groups(&self) -> Vec<&kring_store::bundling::Proposal> {
        self.run
            .proposals
            .iter()
            .filter(|p| p.kind == "new_group")
            .collect()
    }

    fn offer_places(&self) -> Vec<&kring_store::bundling::Proposal> {
        self.run
            .proposals
            .iter()
            .filter(|p| p.kind == "offer")
            .collect()
    }
}

async fn render_run(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    run_id: i64,
    refused: Option<(i64, String)>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let run = state
        .store
        .bundling_run(&scope, run_id, ctx.route.as_str())
        .await?;
    let districts = state.store.districts().await?;
    let district_names = run
        .district_codes
        .iter()
        .map(|code| {
            districts
                .iter()
                .find(|d| &d.code == code)
                .map_or_else(|| code.clone(), |d| d.name.clone())
        })
        .collect();
    let page = RunPage {
        shell: Shell::build(state, ctx).await,
        run,
        district_names,
        terms: state.store.terms().await?,
        themes: state.store.themes().await?,
        refused,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn run_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(run_id): Path<i64>,
) -> Result<Response, AppError> {
    render_run(&state, &ctx, StatusCode::OK, run_id, None).await
}

#[derive(serde::Deserialize)]
struct Decision {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    run: i64,
}

async fn reject(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(proposal_id): Path<i64>,
    CsrfForm(form): CsrfForm<Decision>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    match state
        .store
        .reject_proposal(&scope, proposal_id, &form.reason, ctx.route.as_str())
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/bundelen/{}#voorstel-{proposal_id}", form.run)).into_response(),
        ),
        Err(kring_store::StoreError::Problem(problem)) if problem.field == "reason" => {
            let message = ctx.lang.problem(&problem);
            render_run(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                form.run,
                Some((proposal_id, message)),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(proposal_id): Path<i64>,
    CsrfForm(form): CsrfForm<Decision>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    state
        .store
        .accept_offer_proposal(&scope, proposal_id, ctx.route.as_str())
        .await
        .map_err(|error| crate::bundling::acceptance_refusal(ctx.lang, error))?;
    Ok(Redirect::to(&format!("/bundelen/{}#voorstel-{proposal_id}", form.run)).into_response())
}

// ------------------------------------------------------------------ changing a proposal

/// What the professional typed on the change form.
#[derive(Debug, Clone, Default)]
struct ChangeInput {
    members: Vec<i64>,
    add: String,
    venue_id: String,
    slot: String,
}

#[derive(Template)]
#[template(path = "bundling_change.html")]
struct ChangePage {
    shell: Shell,
    run_id: i64,
    proposal: kring_store::bundling::Proposal,
    venues: Vec<(i64, String)>,
    slots: Vec<(String, String)>,
    input: ChangeInput,
    errors: FieldErrors,
}

impl ChangePage {
    fn kept(&self, question_id: &i64) -> bool {
        self.input.members.contains(question_id)
    }
}

async fn render_change(
    state: &AppState,
    ctx: &Ctx,
    proposal_id: i64,
    status: StatusCode,
    input: Option<ChangeInput>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let (run, proposal) = state
        .store
        .bundling_proposal(&scope, proposal_id, ctx.route.as_str())
        .await?;
    if proposal.status != "open" {
        return Err(AppError::Conflict(ctx.lang.t("bundling-already-decided")));
    }
    let venues = state
        .store
        .venues(&kring_store::network::NetworkFilter::default())
        .await?
        .into_iter()
        .filter(|v| v.x.is_some())
        .map(|v| (v.venue_id, v.name))
        .collect();
    let shell = Shell::build(state, ctx).await;
    let slots = kring_core::slot::Slot::all()
        .filter(|s| s.day() < 5)
        .map(|s| (s.code(), slot_label(&shell, &s.code())))
        .collect();
    let input = input.unwrap_or_else(|| ChangeInput {
        members: proposal.members.iter().map(|m| m.question_id).collect(),
        add: String::new(),
        venue_id: proposal.venue_id.map(|v| v.to_string()).unwrap_or_default(),
        slot: proposal.slot.clone(),
    });
    let page = ChangePage {
        shell,
        run_id: run.run_id,
        proposal,
        venues,
        slots,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn change_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(proposal_id): Path<i64>,
) -> Result<Response, AppError> {
    render_change(
        &state,
        &ctx,
        proposal_id,
        StatusCode::OK,
        None,
        FieldErrors::default(),
    )
    .await
}

async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(proposal_id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let scope = ctx.caller()?.scope();
    let input = ChangeInput {
        members: pairs
            .iter()
            .filter(|(k, _)| k == "lid")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect(),
        add: get("toevoegen"),
        venue_id: get("venue_id"),
        slot: get("slot"),
    };
    let mut errors = FieldErrors::default();
    let mut members = input.members.clone();
    let mut bad_codes = Vec::new();
    for code in input
        .add
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
    {
        match kring_core::question::reference::decode(code) {
            Some(id) => members.push(id),
            None => bad_codes.push(code.to_owned()),
        }
    }
    if !bad_codes.is_empty() {
        let problem = kring_core::problem::FieldProblem::new(
            "add",
            kring_core::problem::ProblemCode::Invalid,
        )
        .with("value", bad_codes.join(", "));
        errors.add_coded(
            &problem,
            ctx.lang.t_with(
                "bundling-error-add-invalid",
                &[("codes", bad_codes.join(", "))],
            ),
        );
    }
    let venue_id = if input.venue_id.is_empty() {
        None
    } else {
        match input.venue_id.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.refuse(
                    ctx.lang,
                    "venue_id",
                    kring_core::problem::ProblemCode::Unknown,
                    &[],
                );
                None
            }
        }
    };
    if errors.is_empty() {
        let change = kring_store::proposal::ProposalChange {
            members,
            venue_id,
            slot: (!input.slot.is_empty()).then(|| input.slot.clone()),
        };
        match state
            .store
            .change_proposal(&scope, proposal_id, &change, ctx.route.as_str())
            .await?
        {
            kring_store::proposal::ChangeOutcome::Saved => {
                let run = get("run");
                return Ok(
                    Redirect::to(&format!("/bundelen/{run}#voorstel-{proposal_id}"))
                        .into_response(),
                );
            }
            kring_store::proposal::ChangeOutcome::Refused(problems) => {
                errors.add_all(ctx.lang, &problems);
            }
        }
    }
    render_change(
        &state,
        &ctx,
        proposal_id,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(input),
        errors,
    )
    .await
}
