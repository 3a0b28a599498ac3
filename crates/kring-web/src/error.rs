//! One error type for every handler, and the one place that turns it into a response:
//! `application/problem+json` (RFC 9457) for the API, an HTML page (or a redirect to the login
//! page) for people. Internal causes go to the log, never to the client.

use crate::AppState;
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kring_store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;

/// Problems with submitted fields, by field name: the words shown next to the field (in the
/// caller's language) and, where the refusal came from the one vocabulary
/// (`kring_core::problem`), its stable code for API clients.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors {
    messages: BTreeMap<String, String>,
    codes: BTreeMap<String, String>,
}

impl FieldErrors {
    /// Records a message for a field, unless the field already has one.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.messages
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// Records a refused field by its code, said in `lang`.
    pub fn add_problem(&mut self, lang: Lang, problem: &kring_core::problem::FieldProblem) {
        if !self.messages.contains_key(&problem.field) {
            self.add(&problem.field, lang.problem(problem));
            self.codes
                .insert(problem.field.clone(), problem.code.as_str().to_owned());
        }
    }

    /// Every problem at its field, said in `lang`; where a field has several, the first.
    pub fn of<'a>(
        lang: Lang,
        problems: impl IntoIterator<Item = &'a kring_core::problem::FieldProblem>,
    ) -> Self {
        let mut errors = Self::default();
        for problem in problems {
            errors.add_problem(lang, problem);
        }
        errors
    }

    /// Records every problem, said in `lang`; several problems of one field (members that do
    /// not fit, each for its own reason) are joined into that field's one message, with the
    /// first one's code.
    pub fn add_all(&mut self, lang: Lang, problems: &[kring_core::problem::FieldProblem]) {
        let mut fields: Vec<&str> = Vec::new();
        for problem in problems {
            if !fields.contains(&problem.field.as_str()) {
                fields.push(&problem.field);
            }
        }
        for field in fields {
            let mut of_field = problems.iter().filter(|p| p.field == field);
            let Some(first) = of_field.next() else {
                continue;
            };
            let message = std::iter::once(first)
                .chain(of_field)
                .map(|p| lang.problem(p))
                .collect::<Vec<_>>()
                .join(" · ");
            self.add_coded(first, message);
        }
    }

    /// Records `code` for `field`, said in `lang`, with the arguments its message needs.
    pub fn refuse(
        &mut self,
        lang: Lang,
        field: &str,
        code: kring_core::problem::ProblemCode,
        args: &[(&str, &str)],
    ) {
        let mut problem = kring_core::problem::FieldProblem::new(field, code);
        for (name, value) in args {
            problem = problem.with(name, value);
        }
        self.add_problem(lang, &problem);
    }

    /// Records a refused field by its code with a message of the caller's choosing (a form's
    /// own wording for the same code).
    pub fn add_coded(&mut self, problem: &kring_core::problem::FieldProblem, message: String) {
        if !self.messages.contains_key(&problem.field) {
            self.add(&problem.field, message);
            self.codes
                .insert(problem.field.clone(), problem.code.as_str().to_owned());
        }
    }

    /// Records a store's refusal of one field (a code), in
    /// `lang`; `Err` gives back any other error.
    pub fn add_store_refusal(&mut self, lang: Lang, error: StoreError) -> Result<(), StoreError> {
        match error {
            StoreError::Problem(problem) => {
                self.add_problem(lang, &problem);
                Ok(())
            }
            other => Err(other),
        }
    }

    /// The fields' codes, where known.
    pub fn codes(&self) -> &BTreeMap<String, String> {
        &self.codes
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.messages.get(field).map(String::as_str)
    }

    /// The message of a field, empty when it has none: what a form shows next to the field
    /// (`{% let e = errors.message("name") %}`).
    pub fn message(&self, field: &str) -> String {
        self.get(field).unwrap_or_default().to_owned()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// (field, message) by field name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.messages.iter()
    }

    /// Takes over the other's fields (the first message per field stays).
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, message) in other.messages {
            if !self.messages.contains_key(&field) {
                if let Some(code) = other.codes.get(&field) {
                    self.codes.insert(field.clone(), code.clone());
                }
                self.messages.insert(field, message);
            }
        }
    }

    /// The problems as `(field, message)` in the order the form shows its fields, for the error
    /// summary at the top of a refused form (the map itself orders by field name). A field
    /// `form_order` does not name comes last, by name.
    pub fn in_form_order(&self, form_order: &[&str]) -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = self
            .messages
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

    /// The error summary of a refused form (`error_summary.html`): `(anchor, message)` in form
    /// order, the anchor being the id of the field's input on the page (`id_of(field)`).
    pub fn summary(
        &self,
        form_order: &[&str],
        id_of: impl Fn(&str) -> String,
    ) -> Vec<(String, String)> {
        self.in_form_order(form_order)
            .into_iter()
            .map(|(field, message)| (id_of(&field), message))
            .collect()
    }
}

tokio::task_local! {
    /// The language of the request being answered, so an error from deep inside (a store
    /// refusal as a code) is said in the caller's language; set by [`with_language`].
    static LANG: Lang;
}

/// The language of the request being answered (Dutch outside a request).
pub fn current_lang() -> Lang {
    LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// Runs the request with its language known to [`current_lang`].
pub async fn with_language(request: Request, next: Next) -> Response {
    let lang = crate::auth::request_lang(request.headers(), request.uri().path());
    LANG.scope(lang, next.run(request)).await
}

#[derive(Debug)]
pub enum AppError {
    /// No signed-in caller (API: 401; pages: redirect to the login page).
    Unauthenticated,
    /// A signed-in caller who must enrol a second factor before anything else: pages send them
    /// to the enrolment on `/account`.
    EnrolFirst,
    Forbidden,
    /// A write to the API with the session cookie that does not show it comes from Kring's own
    /// pages (no CSRF token, no same-origin header) or that is not JSON.
    CrossSite,
    NotFound,
    Invalid(FieldErrors),
    Conflict(String),
    TooManyRequests,
    /// A body over the size limit.
    TooLarge,
    /// The database cannot be used right now (down, disk full, read-only, an I/O error): 503
    /// with `Retry-After`, never a 401 or a 500, since it heals without the caller changing
    /// anything. The cause goes to the log.
    Unavailable(String),
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Conflict(name) => AppError::Conflict(current_lang().conflict(name)),
            StoreError::Problem(problem) => {
                let mut errors = FieldErrors::default();
                errors.add_problem(current_lang(), &problem);
                AppError::Invalid(errors)
            }
            other if other.is_unavailable() => AppError::Unavailable(other.to_string()),
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

/// An RFC 9457 problem, as every error of Kring's API is sent (`application/problem+json`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    /// What went wrong, for people.
    detail: String,
    /// 422 only: each refused field (a JSON path such as `schedule.start` for nested fields,
    /// `body` for the body as a whole) with a message in the caller's language
    /// (`Accept-Language: en` for English, Dutch otherwise).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    errors: BTreeMap<String, String>,
    /// 422 only: the stable code of each refused field where Kring knows it (`required`,
    /// `too_long`, `invalid`, `unknown`, `out_of_range`, `in_the_future`,
    /// `not_in_municipality`, `other_district`, `contact_required`, `duplicate`,
    /// `invalid_body`, `invalid_type`, `not_after_start`, `unknown_field`, `not_yet_happened`,
    /// `cancelled`, `taken`, `not_part_of`, `closed`, `below_current`, `before_start`,
    /// `not_allowed`, `negative`, `wrong_role`, `too_short`, `hidden_characters`, `restricted`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    codes: BTreeMap<String, String>,
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::EnrolFirst => StatusCode::SEE_OTHER,
            AppError::Forbidden | AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::EnrolFirst = self {
            return Redirect::to(crate::second_factor::ENROL_PATH).into_response();
        }
        let status = self.status();
        let (title, detail) = match &self {
            AppError::EnrolFirst => (
                "See Other",
                "Set up a second factor on /account first.".to_owned(),
            ),
            AppError::Unauthenticated => (
                "Unauthorized",
                "Log in, or send an API token as 'Authorization: Bearer …'.".to_owned(),
            ),
            AppError::Forbidden => (
                "Forbidden",
                "Your role or districts do not allow this.".to_owned(),
            ),
            AppError::CrossSite => (
                "Forbidden",
                "A write signed in with the session cookie needs the session's token in \
                 X-CSRF-Token (or a same-origin request) and a JSON body; API clients send \
                 'Authorization: Bearer …' instead."
                    .to_owned(),
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
            AppError::Unavailable(cause) => {
                tracing::error!(%cause, "database unavailable");
                (
                    "Service Unavailable",
                    "The database cannot be used right now; try again in a moment.".to_owned(),
                )
            }
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
        let mut response = problem(status, title, detail, errors);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
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
        kind: "about:blank".to_owned(),
        title: title.to_owned(),
        status: status.as_u16(),
        detail,
        errors: errors.map(|e| e.messages.clone()).unwrap_or_default(),
        codes: errors.map(|e| e.codes.clone()).unwrap_or_default(),
    };
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// The readiness probe's refusal: a 503 problem whose detail names every check that failed.
pub(crate) fn not_ready(detail: String) -> Response {
    let mut response = problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "Service Unavailable",
        detail,
        None,
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
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
    let is_api = path.starts_with("/api/") || path == "/health" || path == "/ready";
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
    let key = match status {
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::TOO_MANY_REQUESTS => "error-too-many",
        StatusCode::PAYLOAD_TOO_LARGE if crate::i18n::is_resident_path(&path) => {
            "vraag-error-too-large"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY => "error-conflict",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        _ => "error-internal",
    };
    let message = detail.unwrap_or_else(|| crate::auth::request_lang(&headers, &path).t(key));
    error_page(&state, &headers, &path, status, message).await
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
