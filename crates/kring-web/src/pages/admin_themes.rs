//! Admin: the theme taxonomy. Add a theme, rename it, change its order or retire it, and set
//! its group language (the language its groups speak whatever the members' home languages,
//! `taal` → Dutch; bundling follows it); a code never changes because questions, offers and
//! figures refer to it.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::language::{LanguageCode, NAMED_LANGUAGES};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::theme::ThemeCode;
use kring_store::StoreError;
use kring_store::theme::{Theme, ThemeInput};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/themas", get(themes_page).post(create_theme))
        .route("/beheer/themas/{id}", post(update_theme))
}

/// What was typed in one theme form, kept as text so a refused form shows it again.
#[derive(Debug, Clone, Default, Deserialize)]
struct ThemeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    label_nl: String,
    #[serde(default)]
    label_en: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    active: Option<String>,
    /// A language code, or empty: members share a language of their own.
    #[serde(default)]
    group_language: String,
}

#[derive(Template)]
#[template(path = "admin_themes.html")]
struct ThemesPage {
    shell: Shell,
    themes: Vec<Theme>,
    /// The theme whose form was refused (None: the new-theme form).
    failed: Option<i64>,
    input: ThemeForm,
    errors: FieldErrors,
    saved: bool,
}

/// The theme forms' name for their problems (`problem-theme-{field}-{code}`).
const FORM: &str = "theme";

/// The longest label of a theme, in characters.
const MAX_LABEL_CHARS: usize = 80;

/// The positions a theme may take in the list.
const POSITIONS: std::ops::RangeInclusive<i64> = 0..=999;

impl ThemesPage {
    /// The refused form's problems in form order, linked to the fields of that form (a
    /// theme's row, or the new theme's).
    fn summary(&self) -> Vec<(String, String)> {
        let order = ["code", "label_nl", "label_en", "position", "group_language"];
        match self.failed {
            Some(id) => self.errors.summary(&order, |field| format!("{field}-{id}")),
            None => self.errors.summary(&order, |field| format!("new-{field}")),
        }
    }

    /// The text fields of a theme's form as (field, label key, value, error): what was typed
    /// when that form was refused, else what is stored.
    fn row_fields(&self, theme: &Theme) -> Vec<(&'static str, &'static str, String, String)> {
        let refused = self.failed == Some(theme.theme_id);
        let error = |field: &str| {
            if refused {
                self.errors.message(field)
            } else {
                String::new()
            }
        };
        let (nl, en, position) = if refused {
            (
                self.input.label_nl.clone(),
                self.input.label_en.clone(),
                self.input.position.clone(),
            )
        } else {
            (
                theme.label_nl.clone(),
                theme.label_en.clone(),
                theme.position.to_string(),
            )
        };
        vec![
            ("label_nl", "themes-label-nl", nl, error("label_nl")),
            ("label_en", "themes-label-en", en, error("label_en")),
            ("position", "themes-position", position, error("position")),
        ]
    }

    /// The group language chosen in a theme's form (`None`: the new-theme form): what was sent
    /// when that form was refused, else what is stored.
    fn group_language(&self, theme: Option<&Theme>) -> String {
        match theme {
            Some(t) if self.failed != Some(t.theme_id) => {
                t.group_language.clone().unwrap_or_default()
            }
            _ => self.input.group_language.clone(),
        }
    }

    /// The group-language field's error for a theme's form (`None`: the new-theme form).
    fn group_language_error(&self, theme: Option<&Theme>) -> String {
        if self.failed == theme.map(|t| t.theme_id) {
            self.errors.message("group_language")
        } else {
            String::new()
        }
    }

    /// The languages to choose from as (code, name in the page's language).
    fn languages(&self) -> Vec<(&'static str, &'static str)> {
        let english = self.shell.lang == crate::i18n::Lang::En;
        NAMED_LANGUAGES
            .iter()
            .map(|(code, nl, en, _)| (*code, if english { *en } else { *nl }))
            .collect()
    }

    /// A sent value the list does not have (only a hand-made request sends one): shown as
    /// sent, so the refused form keeps it.
    fn unlisted(&self, chosen: &str) -> bool {
        !chosen.is_empty() && !NAMED_LANGUAGES.iter().any(|(code, ..)| *code == chosen)
    }

    fn row_active(&self, theme: &Theme) -> bool {
        if self.failed == Some(theme.theme_id) {
            self.input.active.is_some()
        } else {
            theme.active
        }
    }

    /// The new-theme form's fields as (field, label key, value, error).
    fn new_fields(&self) -> Vec<(&'static str, &'static str, String, String)> {
        let error = |field: &str| {
            if self.failed.is_none() {
                self.errors.message(field)
            } else {
                String::new()
            }
        };
        let input = &self.input;
        vec![
            ("code", "themes-code", input.code.clone(), error("code")),
            (
                "label_nl",
                "themes-label-nl",
                input.label_nl.clone(),
                error("label_nl"),
            ),
            (
                "label_en",
                "themes-label-en",
                input.label_en.clone(),
                error("label_en"),
            ),
            (
                "position",
                "themes-position",
                input.position.clone(),
                error("position"),
            ),
        ]
    }
}

#[derive(Deserialize)]
struct Saved {
    #[serde(default)]
    opgeslagen: Option<String>,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    failed: Option<i64>,
    input: ThemeForm,
    errors: FieldErrors,
    saved: bool,
) -> Result<Response, AppError> {
    let page = ThemesPage {
        shell: Shell::build(state, ctx).await,
        themes: state.store.themes().await?,
        failed,
        input,
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn themes_page(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(saved): axum::extract::Query<Saved>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageSettings)?;
    let input = ThemeForm {
        active: Some("1".into()),
        ..ThemeForm::default()
    };
    render(
        &state,
        &ctx,
        StatusCode::OK,
        None,
        input,
        FieldErrors::default(),
        saved.opgeslagen.is_some(),
    )
    .await
}

/// Checks the labels and position; the code is checked only for a new theme.
fn check(ctx: &Ctx, form: &ThemeForm, errors: &mut FieldErrors) -> Option<ThemeInput> {
    let mut refuse = |problem: FieldProblem| errors.add_problem(ctx.lang, &problem.of_form(FORM));
    for (field, value) in [("label_nl", &form.label_nl), ("label_en", &form.label_en)] {
        if value.trim().is_empty() {
            refuse(FieldProblem::new(field, ProblemCode::Required));
        } else if value.chars().count() > MAX_LABEL_CHARS {
            refuse(FieldProblem::too_long(field, MAX_LABEL_CHARS));
        }
    }
    let position = form
        .position
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| POSITIONS.contains(p));
    if position.is_none() {
        refuse(
            FieldProblem::new("position", ProblemCode::OutOfRange)
                .with("min", POSITIONS.start())
                .with("max", POSITIONS.end()),
        );
    }
    // Only the languages the select offers: a name for people, never a bare code.
    let group_language = match form.group_language.trim() {
        "" => None,
        code => match LanguageCode::parse(code) {
            Ok(l) if NAMED_LANGUAGES.iter().any(|(c, ..)| *c == l.as_str()) => Some(l),
            _ => {
                refuse(
                    FieldProblem::new("group_language", ProblemCode::Unknown).with("value", code),
                );
                None
            }
        },
    };
    if !errors.is_empty() {
        return None;
    }
    Some(ThemeInput {
        group_language,
        label_nl: form.label_nl.trim().to_owned(),
        label_en: form.label_en.trim().to_owned(),
        icon: String::new(),
        position: position.unwrap_or_default(),
        active: form.active.is_some(),
    })
}

async fn create_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ThemeForm>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageSettings)?;
    let mut errors = FieldErrors::default();
    let refused = |code: ProblemCode| FieldProblem::new("code", code).of_form(FORM);
    let code = ThemeCode::parse(&form.code).map_err(|_| {
        let code = ProblemCode::Invalid.unless_empty(&form.code);
        errors.add_problem(ctx.lang, &refused(code));
    });
    let input = check(&ctx, &form, &mut errors);
    if let (Ok(code), Some(input)) = (code, input) {
        match state.store.create_theme(&code, &input).await {
            Ok(_) => return Ok(Redirect::to("/beheer/themas?opgeslagen=1").into_response()),
            Err(StoreError::Conflict(_)) => {
                errors.add_problem(ctx.lang, &refused(ProblemCode::Taken));
            }
            Err(other) => return Err(other.into()),
        }
    }
    render(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        form,
        errors,
        false,
    )
    .await
}

async fn update_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(theme_id): Path<i64>,
    CsrfForm(form): CsrfForm<ThemeForm>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageSettings)?;
    let mut errors = FieldErrors::default();
    if let Some(input) = check(&ctx, &form, &mut errors) {
        state.store.update_theme(theme_id, &input).await?;
        return Ok(Redirect::to("/beheer/themas?opgeslagen=1").into_response());
    }
    render(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(theme_id),
        form,
        errors,
        false,
    )
    .await
}
