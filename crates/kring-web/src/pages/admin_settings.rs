//! Admin: the municipality's name, theme class, token stylesheet, logo and privacy statement,
//! the map tiles of the public neighbourhood pages, and whether a second factor is required.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::CsrfForm;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::access::Action;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::setting::Settings;
use kring_store::signal::SignalSettings;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/beheer/instellingen",
            get(settings_page).post(save_settings),
        )
        .route(
            "/beheer/instellingen/signalen",
            axum::routing::post(save_signal_settings),
        )
        .route(
            "/beheer/instellingen/tweede-factor",
            axum::routing::post(save_second_factor),
        )
}

/// The terms as typed, with their errors: the signals' norm and retention period, the
/// first-contact promise and a bundling proposal's expiry.
#[derive(Default)]
struct SignalSettingsInput {
    pickup_norm_hours: String,
    retention_months: String,
    first_contact_days: String,
    proposal_expiry_days: String,
    upkeep_interval_months: String,
    upkeep_grace_days: String,
    errors: FieldErrors,
}

async fn signal_input(state: &AppState) -> Result<SignalSettingsInput, AppError> {
    let settings = state.store.signal_settings().await?;
    let terms = state.store.terms().await?;
    let upkeep = state.store.upkeep_terms().await?;
    Ok(SignalSettingsInput {
        upkeep_interval_months: upkeep.interval_months().to_string(),
        upkeep_grace_days: upkeep.grace_days().to_string(),
        pickup_norm_hours: settings.pickup_norm.hours().to_string(),
        retention_months: settings.retention.get().to_string(),
        first_contact_days: terms.first_contact_days().to_string(),
        proposal_expiry_days: terms.proposal_expiry_days().to_string(),
        errors: FieldErrors::default(),
    })
}

/// The terms form's fields, top to bottom.
const TERMS_ORDER: &[&str] = &[
    "pickup_norm_hours",
    "retention_months",
    "first_contact_days",
    "proposal_expiry_days",
    "upkeep_interval_months",
    "upkeep_grace_days",
];

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    shell: Shell,
    input: Settings,
    errors: FieldErrors,
    saved: bool,
    signal: SignalSettingsInput,
    /// A second factor is required of the roles that read personal data.
    second_factor_required: bool,
}

/// The settings form's name for its problems (`problem-settings-{field}-{code}`).
const FORM: &str = "settings";

/// The longest attribution of the map tiles, in characters.
const MAX_ATTRIBUTION_CHARS: usize = 300;

impl SettingsPage {
    /// The roles the second-factor setting applies to, as people read them.
    fn second_factor_roles(&self) -> Vec<String> {
        kring_core::account::Role::ALL
            .into_iter()
            .filter(|role| kring_core::access::reads_personal_data(*role))
            .map(|role| self.shell.t(&format!("role-{}", role.as_str())))
            .collect()
    }

    /// The settings form's problems in form order, linked to its fields.
    fn summary(&self) -> Vec<(String, String)> {
        let order: Vec<&str> = self.fields().iter().map(|(field, _, _)| *field).collect();
        self.errors.summary(&order, str::to_owned)
    }

    /// The signals form's problems in form order, linked to its fields.
    fn signal_summary(&self) -> Vec<(String, String)> {
        self.signal.errors.summary(TERMS_ORDER, str::to_owned)
    }

    /// The signals' settings as (field name, label key, value typed).
    fn signal_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            (
                "pickup_norm_hours",
                "signal-settings-norm",
                self.signal.pickup_norm_hours.clone(),
            ),
            (
                "retention_months",
                "signal-settings-retention",
                self.signal.retention_months.clone(),
            ),
            (
                "first_contact_days",
                "terms-first-contact",
                self.signal.first_contact_days.clone(),
            ),
            (
                "proposal_expiry_days",
                "terms-proposal-expiry",
                self.signal.proposal_expiry_days.clone(),
            ),
            (
                "upkeep_interval_months",
                "terms-upkeep-interval",
                self.signal.upkeep_interval_months.clone(),
            ),
            (
                "upkeep_grace_days",
                "terms-upkeep-grace",
                self.signal.upkeep_grace_days.clone(),
            ),
        ]
    }

    /// (field name, label key, current value) for each setting, in form order.
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let s = &self.input;
        vec![
            (
                "municipality_name",
                "settings-municipality-name",
                s.municipality_name.clone(),
            ),
            ("theme_class", "settings-theme-class", s.theme_class.clone()),
            (
                "theme_stylesheet_url",
                "settings-theme-stylesheet",
                s.theme_stylesheet_url.clone(),
            ),
            ("logo_url", "settings-logo", s.logo_url.clone()),
            ("privacy_url", "settings-privacy", s.privacy_url.clone()),
            (
                "resident_phone",
                "settings-resident-phone",
                s.resident_phone.clone(),
            ),
            ("map_tile_url", "settings-map-tiles", s.map_tile_url.clone()),
            (
                "map_attribution",
                "settings-map-attribution",
                s.map_attribution.clone(),
            ),
        ]
    }
}

#[derive(Deserialize)]
struct Saved {
    #[serde(default)]
    opgeslagen: Option<String>,
}

async fn settings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(saved): axum::extract::Query<Saved>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageSettings)?;
    let page = SettingsPage {
        shell: Shell::build(&state, &ctx).await,
        input: state.store.settings().await?,
        errors: FieldErrors::default(),
        saved: saved.opgeslagen.is_some(),
        signal: signal_input(&state).await?,
        second_factor_required: state.store.second_factor_required().await?,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    municipality_name: String,
    #[serde(default)]
    theme_class: String,
    #[serde(default)]
    theme_stylesheet_url: String,
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    privacy_url: String,
    #[serde(default)]
    resident_phone: String,
    #[serde(default)]
    map_tile_url: String,
    #[serde(default)]
    map_attribution: String,
}

/// A tile URL template for Leaflet: https, with the {z}, {x} and {y} it fills in. Empty turns
/// tiles off.
fn acceptable_tile_url(url: &str) -> bool {
    let url = url.trim();
    url.is_empty()
        || (url.starts_with("https://")
            && ["{z}", "{x}", "{y}"].iter().all(|part| url.contains(part))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '\\'))
}

/// A phone number as people write it: digits with spaces, dashes, brackets or a leading +, at
/// least 3 digits (112, 14 020) and at most 30 characters. Empty shows none.
fn acceptable_phone(phone: &str) -> bool {
    let phone = phone.trim();
    phone.is_empty()
        || (phone.chars().count() <= 30
            && phone.chars().filter(char::is_ascii_digit).count() >= 3
            && phone.chars().enumerate().all(|(i, c)| {
                c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0)
            }))
}

/// A URL the page may load: our own path, or https.
fn acceptable_url(url: &str) -> bool {
    let url = url.trim();
    url.is_empty()
        || url.starts_with("https://")
        || (url.starts_with('/') && !url.starts_with("//"))
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageSettings)?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let mut refuse = |problem: FieldProblem| errors.add_problem(lang, &problem.of_form(FORM));
    if form.municipality_name.trim().is_empty() {
        refuse(FieldProblem::new(
            "municipality_name",
            ProblemCode::Required,
        ));
    }
    let class_ok = !form.theme_class.trim().is_empty()
        && form
            .theme_class
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !class_ok {
        refuse(FieldProblem::new("theme_class", ProblemCode::Invalid));
    }
    let valid = [
        (
            "theme_stylesheet_url",
            acceptable_url(&form.theme_stylesheet_url),
        ),
        ("logo_url", acceptable_url(&form.logo_url)),
        ("privacy_url", acceptable_url(&form.privacy_url)),
        ("resident_phone", acceptable_phone(&form.resident_phone)),
        ("map_tile_url", acceptable_tile_url(&form.map_tile_url)),
    ];
    for (field, ok) in valid {
        if !ok {
            refuse(FieldProblem::new(field, ProblemCode::Invalid));
        }
    }
    if form.map_attribution.trim().chars().count() > MAX_ATTRIBUTION_CHARS {
        refuse(FieldProblem::too_long(
            "map_attribution",
            MAX_ATTRIBUTION_CHARS,
        ));
    }
    let input = Settings {
        municipality_name: form.municipality_name.trim().to_owned(),
        theme_class: form.theme_class.trim().to_owned(),
        theme_stylesheet_url: form.theme_stylesheet_url.trim().to_owned(),
        logo_url: form.logo_url.trim().to_owned(),
        privacy_url: form.privacy_url.trim().to_owned(),
        resident_phone: form.resident_phone.trim().to_owned(),
        map_tile_url: form.map_tile_url.trim().to_owned(),
        map_attribution: form.map_attribution.trim().to_owned(),
    };
    if !errors.is_empty() {
        let page = SettingsPage {
            shell: Shell::build(&state, &ctx).await,
            input,
            errors,
            saved: false,
            signal: signal_input(&state).await?,
            second_factor_required: state.store.second_factor_required().await?,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    state.store.save_settings(&input).await?;
    Ok(Redirect::to("/beheer/instellingen?opgeslagen=1").into_response())
}

#[derive(Deserialize)]
struct SignalSettingsForm {
    #[serde(default)]
    pickup_norm_hours: String,
    #[serde(default)]
    retention_months: String,
    #[serde(default)]
    first_contact_days: String,
    #[serde(default)]
    proposal_expiry_days: String,
    /// Left out (an older form): the stored upkeep terms stay.
    #[serde(default)]
    upkeep_interval_months: String,
    #[serde(default)]
    upkeep_grace_days: String,
}

/// The terms: the signals' norm for pick-up (hours) and retention period (months), the
/// first-contact promise (working days) and a bundling proposal's expiry (days); all saved, or
/// none.
async fn save_signal_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SignalSettingsForm>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageSettings)?;
    let mut errors = FieldErrors::default();
    let number = |text: &str| text.trim().parse::<i64>().unwrap_or(-1);
    let mut refuse = |problem: FieldProblem| errors.add_problem(ctx.lang, &problem);
    let norm = kring_core::signal::PickupNorm::from_hours(number(&form.pickup_norm_hours))
        .map_err(&mut refuse)
        .ok();
    let retention = kring_core::signal::RetentionMonths::new(number(&form.retention_months))
        .map_err(&mut refuse)
        .ok();
    let terms =
        kring_core::terms::Terms::parse(&form.first_contact_days, &form.proposal_expiry_days)
            .map_err(|problems| problems.into_iter().for_each(&mut refuse))
            .ok();
    let upkeep = if form.upkeep_interval_months.trim().is_empty()
        && form.upkeep_grace_days.trim().is_empty()
    {
        Some(state.store.upkeep_terms().await?)
    } else {
        kring_core::upkeep::UpkeepTerms::parse(
            &form.upkeep_interval_months,
            &form.upkeep_grace_days,
        )
        .map_err(|problems| problems.into_iter().for_each(&mut refuse))
        .ok()
    };
    if let (Some(pickup_norm), Some(retention), Some(terms), Some(upkeep)) =
        (norm, retention, terms, upkeep)
    {
        state.store.save_upkeep_terms(upkeep).await?;
        state
            .store
            .save_signal_settings(&SignalSettings {
                pickup_norm,
                retention,
            })
            .await?;
        state.store.save_terms(terms).await?;
        return Ok(Redirect::to("/beheer/instellingen?opgeslagen=1#signalen").into_response());
    }
    let page = SettingsPage {
        shell: Shell::build(&state, &ctx).await,
        input: state.store.settings().await?,
        errors: FieldErrors::default(),
        saved: false,
        signal: SignalSettingsInput {
            pickup_norm_hours: form.pickup_norm_hours,
            retention_months: form.retention_months,
            first_contact_days: form.first_contact_days,
            proposal_expiry_days: form.proposal_expiry_days,
            upkeep_interval_months: form.upkeep_interval_months,
            upkeep_grace_days: form.upkeep_grace_days,
            errors,
        },
        second_factor_required: state.store.second_factor_required().await?,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
struct SecondFactorForm {
    #[serde(default)]
    required: Option<String>,
}

/// Requires a second factor of the roles that read personal data
/// (`kring_core::access::reads_personal_data`), or stops requiring it. Audited.
async fn save_second_factor(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SecondFactorForm>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageSettings)?;
    let required = form.required.as_deref() == Some("1");
    state.store.set_second_factor_required(required).await?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller.account.account_id),
            action: AuditAction::Update,
            record_type: "second_factor_setting",
            record_id: if required { "required" } else { "optional" },
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    Ok(Redirect::to("/beheer/instellingen?opgeslagen=1#tweede-factor").into_response())
}
