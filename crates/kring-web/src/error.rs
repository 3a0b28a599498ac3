//! One error type for every handler, and the one place that turns it into a response:
//! `application/problem+json` (RFC 9457) for the API, an HTML page (or a redirect to the login
//! page) for people. Internal causes go to the log, never to the client.

use crate::AppState;
use crate::shell::Shell;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kring_store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;

/// Problems with submitted fields, by field name, in the words shown next to the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems as `(field, message)` in the order the form shows its fields, for the error
    /// summary at the top of a refused form (the map itself orders by field name). A field
    /// `form_order` does not name comes last, by name.
    pub fn in_form_order(&self, form_order: &[&str]) -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = self
            .0
            .iter()
            .map(|(field, message)| (field.clone(), message.clone()))
            .collect();
        // A stable sort keeps the unnamed fields in name order.
        list.sort_by_key(|(field, _)| {
            form_order
                .iter()
                .position(|f| f == field)
                .unwrap_or(form_order.len())
        });
        list
    }
}

#[derive(Debug)]
pub enum AppError {
    /// No signed-in caller (API: 401; pages: redirect to the login page).
    Unauthenticated,
    Forbidden,
    NotFound,
    Invalid(FieldErrors),
    Conflict(String),
    TooManyRequests,
    /// A body over the size limit.
    TooLarge,
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Conflict(message) => AppError::Conflict(message.to_owned()),
            StoreError::Invalid(message) => AppError::Conflict(message),
            StoreError::InvalidField { field, message } => {
                let mut errors = FieldErrors::default();
                errors.add(field, message);
                AppError::Invalid(errors)
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Date arithmetic outside years 1 to 9999 (typed dates are refused long before): a fault,
/// reported as a 500 problem, never a panic.
impl From<kring_core::civil::CivilError> for AppError {
    fn from(error: kring_core::civil::CivilError) -> Self {
        AppError::Internal(format!("date arithmetic: {error}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::Internal(format!("template: {error}"))
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a FieldErrors>,
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (title, detail) = match &self {
            AppError::Unauthenticated => (
                "Unauthorized",
                "Log in, or send an API token as 'Authorization: Bearer …'.".to_owned(),
            ),
            AppError::Forbidden => (
                "Forbidden",
                "Your role or districts do not allow this.".to_owned(),
            ),
            AppError::NotFound => ("Not Found", "There is nothing at this address.".to_owned()),
            AppError::Invalid(_) => (
                "Unprocessable Content",
                "Some fields are not valid; see errors.".to_owned(),
            ),
            AppError::Conflict(message) => ("Conflict", message.clone()),
            AppError::TooManyRequests => (
                "Too Many Requests",
                "Too many attempts; wait a few minutes.".to_owned(),
            ),
            AppError::TooLarge => (
                "Content Too Large",
                "The body is larger than Kring accepts.".to_owned(),
            ),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (
                    "Internal Server Error",
                    "Something went wrong on our side; it has been logged.".to_owned(),
                )
            }
        };
        let errors = match &self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        };
        problem(status, title, detail, errors)
    }
}

/// An RFC 9457 problem response.
fn problem(
    status: StatusCode,
    title: &str,
    detail: String,
    errors: Option<&FieldErrors>,
) -> Response {
    let body = Problem {
        kind: "about:blank",
        title,
        status: status.as_u16(),
        detail,
        errors,
    };
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// What the catch-panic layer answers when a handler panics: the panic is logged and the
/// client gets a 500 problem (people get the error page through [`html_errors`]).
pub fn panic_response(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = cause
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| cause.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    AppError::Internal(format!("panic: {message}")).into_response()
}

/// An error response that is not yet a problem (axum's own refusals are `text/plain`: a wrong
/// method, a body it could not read) as a problem with the same status and its text as
/// detail.
async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024)
        .await
        .unwrap_or_default();
    let title = status.canonical_reason().unwrap_or("Error");
    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
    let detail = if text.is_empty() {
        title.to_owned()
    } else {
        text
    };
    problem(status, title, detail, None)
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    shell: Shell,
    status: u16,
    message: String,
}

/// The error page with a message of the caller's own (an upload that is too large, say), in
/// the page's language and chrome.
pub async fn error_page(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    path: &str,
    status: StatusCode,
    message: String,
) -> Response {
    let shell = Shell::for_error(state, headers, path).await;
    match (ErrorPage {
        shell,
        status: status.as_u16(),
        message,
    })
    .render()
    {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, "Er ging iets mis.").into_response(),
    }
}

/// Gives people a page instead of problem+json outside `/api`, and sends the signed-out to the
/// login page.
pub async fn html_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let is_api = path.starts_with("/api/") || path == "/health";
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let is_problem = content_type == b"application/problem+json";
    if is_api {
        // Every API error is a problem; a JSON body (the health check's) stays as it is.
        return if is_problem || content_type.starts_with(b"application/json") {
            response
        } else {
            as_problem(response).await
        };
    }
    if content_type.starts_with(b"text/html") {
        return response;
    }
    if status == StatusCode::UNAUTHORIZED {
        return Redirect::to("/inloggen").into_response();
    }
    // A conflict's detail is written for people (it comes from the domain), so show it.
    let detail = if status == StatusCode::CONFLICT {
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024)
            .await
            .unwrap_or_default();
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("detail").and_then(|d| d.as_str()).map(str::to_owned))
    } else {
        None
    };
    let shell = Shell::for_error(&state, &headers, &path).await;
    let key = match status {
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::TOO_MANY_REQUESTS => "error-too-many",
        StatusCode::PAYLOAD_TOO_LARGE if path.starts_with(crate::i18n::RESIDENT_PATHS) => {
            "vraag-error-too-large"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY => "error-conflict",
        _ => "error-internal",
    };
    let message = detail.unwrap_or_else(|| shell.t(key));
    match (ErrorPage {
        shell,
        status: status.as_u16(),
        message,
    })
    .render()
    {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, "Er ging iets mis.").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::FieldErrors;

    #[test]
    fn the_summary_follows_the_form_and_puts_unnamed_fields_last() {
        let mut errors = FieldErrors::default();
        for field in [
            "text",
            "consent",
            "zz_extra",
            "availability",
            "a_extra",
            "themes",
        ] {
            errors.add(field, format!("{field}!"));
        }
        let order: Vec<String> = errors
            .in_form_order(&["themes", "text", "availability", "consent"])
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(
            order,
            [
                "themes",
                "text",
                "availability",
                "consent",
                "a_extra",
                "zz_extra"
            ]
        );
    }
}
