//! The processing register (`/beheer/verwerkingen`, AVG article 30) in words: for each
//! purpose what it is for, on which basis, whose data, which categories (health data marked),
//! which roles, how long, and which tables; then the processors. Every fact comes from
//! `crate::processing_register::facts`, which the API serves as well.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::processing_register::{RegisterFacts, RetentionFacts, facts};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use kring_core::access::Action;

pub const PATH: &str = "/beheer/verwerkingen";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, get(register_page))
}

struct Purpose {
    code: String,
    title: String,
    text: String,
    basis: String,
    subjects: Vec<String>,
    /// (label, special category)
    categories: Vec<(String, bool)>,
    roles: Vec<String>,
    /// (how long, which tables)
    retention: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin_register.html")]
struct RegisterPage {
    shell: Shell,
    controller: String,
    purposes: Vec<Purpose>,
    processors: Vec<String>,
}

fn retention_text(lang: Lang, rule: &RetentionFacts) -> String {
    let months = rule.months.unwrap_or_default().to_string();
    match (rule.rule.as_str(), rule.seconds) {
        ("seconds", Some(seconds)) if seconds >= 3600 => lang.t_with(
            "register-retention-hours",
            &[("hours", (seconds / 3600).to_string())],
        ),
        ("seconds", Some(seconds)) => lang.t_with(
            "register-retention-minutes",
            &[("minutes", (seconds / 60).to_string())],
        ),
        (code, _) => lang.t_with(
            &format!("register-retention-{}", code.replace('_', "-")),
            &[("months", months)],
        ),
    }
}

fn words(shell: Shell, lang: Lang, facts: RegisterFacts) -> RegisterPage {
    let label = |prefix: &str, code: &str| lang.t(&format!("{prefix}-{}", code.replace('_', "-")));
    let purposes = facts
        .processings
        .into_iter()
        .map(|p| Purpose {
            title: label("register-purpose", &p.purpose),
            text: label("register-purpose-text", &p.purpose),
            basis: label("register-basis", &p.basis),
            subjects: p
                .subjects
                .iter()
                .map(|s| label("register-subject", s))
                .collect(),
            categories: p
                .categories
                .iter()
                .map(|c| (label("register-category", &c.code), c.special))
                .collect(),
            roles: p
                .roles
                .iter()
                .map(|r| lang.t(&format!("role-{r}")))
                .collect(),
            retention: p
                .retention
                .iter()
                .map(|r| (retention_text(lang, r), r.tables.join(", ")))
                .collect(),
            code: p.purpose,
        })
        .collect();
    let processors = facts
        .processors
        .iter()
        .map(|p| match &p.address {
            Some(address) => lang.t_with(
                &format!("register-processor-{}", p.kind.replace('_', "-")),
                &[("address", address.clone())],
            ),
            None => label("register-processor", &p.kind),
        })
        .collect();
    RegisterPage {
        shell,
        controller: facts.controller,
        purposes,
        processors,
    }
}

async fn register_page(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, AppError> {
    ctx.require(Action::ReadProcessingRegister)?;
    let facts = facts(&state).await?;
    let page = words(Shell::build(&state, &ctx).await, ctx.lang, facts);
    Ok(Html(page.render()?))
}
