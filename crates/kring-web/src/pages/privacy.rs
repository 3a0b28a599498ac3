//! The privacy page for residents (`/vraag/privacy`), in Dutch, English and Arabic: who is
//! responsible, which data Kring keeps, what for, who sees it, how long, and what residents may
//! ask. Its facts come from the system itself (the retention period, the municipality's name and
//! phone number from the settings), so the page cannot drift from what Kring does. When the
//! municipality has its own statement (`privacy_url`), the page links to it.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kring_store::retention::QUESTION_RETENTION_MONTHS;

pub const PATH: &str = "/vraag/privacy";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, get(privacy_page))
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    shell: Shell,
}

impl PrivacyPage {
    fn municipality(&self) -> String {
        self.shell.settings.municipality_name.clone()
    }

    fn months(&self) -> String {
        QUESTION_RETENTION_MONTHS.to_string()
    }

    fn phone(&self) -> &str {
        &self.shell.settings.resident_phone
    }

    /// The number as a `tel:` link: digits and a leading +.
    fn phone_link(&self) -> String {
        tel_link(self.phone())
    }

    fn statement_url(&self) -> &str {
        &self.shell.settings.privacy_url
    }
}

/// `tel:` link for a phone number as people write it.
pub fn tel_link(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

async fn privacy_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let page = PrivacyPage {
        shell: Shell::build(&state, &ctx).await,
    };
    Ok(Html(page.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::tel_link;

    #[test]
    fn a_phone_number_becomes_a_tel_link() {
        assert_eq!(tel_link("14 099"), "tel:14099");
        assert_eq!(tel_link("+31 (0)20-123 45 67"), "tel:+310201234567");
    }
}
