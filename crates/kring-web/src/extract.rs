//! The one way in for every request's input. Handlers take these extractors instead of axum's
//! own, so none of them can forget a check or invent its own error shape:
//!
//! - [`Path`]: a path parameter that does not parse (an id out of range, letters for a number)
//!   is a 404 problem, never axum's `400 text/plain`.
//! - [`ApiQuery`]: query parameters of an API endpoint; a value of the wrong type is a 422
//!   problem naming the parameter.
//! - [`ApiJson`]: every JSON body of the API. The caller is authenticated *before* the body is
//!   read (no caller: 401, never 422); the body is held until the handler has decided whether
//!   the caller may do this at all ([`ApiJson::accept`]), so a forbidden write is 403 whatever
//!   its body. A wrong content type, bad JSON or a missing or mistyped field is a 422 problem
//!   naming the field (`errors.body`, `errors.name`, `errors.schedule.start`).
//! - [`CsrfForm`]: every form a page posts. The CSRF token (`csrf` field) is checked by the
//!   extractor itself; a signed-out caller whose token no longer matches goes to the login page.
//! - [`Upload`]: every file upload (multipart): one size limit ([`MAX_UPLOAD_MB`], set on the
//!   route with [`upload_limit`]), one friendly page when the file is too large or cannot be
//!   read, one message for a missing file, and the CSRF token checked as for forms.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::de::DeserializeOwned;

/// One invalid field as a 422 problem, said in the caller's language.
fn invalid(problem: FieldProblem) -> AppError {
    let mut errors = FieldErrors::default();
    errors.add_problem(crate::error::current_lang(), &problem);
    AppError::Invalid(errors)
}

/// `invalid_body` or `invalid_type` for a field, with what the parser said as `detail`.
fn refused(field: &str, code: ProblemCode, detail: impl ToString) -> AppError {
    invalid(FieldProblem::new(field, code).with("detail", detail))
}

/// A body that could not be read: too large (413) or broken off (422).
fn unreadable(rejection: BytesRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        refused(
            "body",
            ProblemCode::InvalidBody,
            "the body could not be read",
        )
    }
}

/// A path parameter, as axum's `Path` but refused as a 404 problem.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// Query parameters of an API endpoint. Unlike axum's `Query` (400 `text/plain`), a value of
/// the wrong type is a 422 problem naming the parameter, as invalid body fields are.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|error| {
                let path = error.path().to_string();
                let field = if path.is_empty() || path == "." {
                    "query"
                } else {
                    path.as_str()
                };
                refused(field, ProblemCode::InvalidType, error.inner())
            })
    }
}

/// A JSON body of the API, read after the caller is authenticated and checked by the handler's
/// own access decision before it is used: `let input = body.accept()?;` comes after the
/// handler's `ctx.require(..)` or store guard.
#[derive(Debug)]
pub struct ApiJson<T>(Result<T, AppError>);

impl<T> ApiJson<T> {
    /// The body, or the 422 problem that names what is wrong with it.
    pub fn accept(self) -> Result<T, AppError> {
        self.0
    }
}

/// Whether a content type is JSON: `application/json` or `application/…+json`, any parameters.
pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads a JSON document into `T`, naming the field of the first problem.
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // Broken JSON, or a top-level array where an object belongs, is the body's fault, not
        // a field's.
        let field = if inner.is_syntax() || inner.is_eof() || path.starts_with('[') {
            "body".to_owned()
        } else if path.is_empty() || path == "." {
            // A missing field is reported at the object that lacks it: name the field itself.
            missing_field(&inner.to_string()).unwrap_or_else(|| "body".to_owned())
        } else {
            match missing_field(&inner.to_string()) {
                Some(missing) => format!("{path}.{missing}"),
                None => path,
            }
        };
        if missing_field(&inner.to_string()).is_some() {
            return invalid(FieldProblem::new(field, ProblemCode::Required));
        }
        let code = if inner.is_syntax() || inner.is_eof() {
            ProblemCode::InvalidBody
        } else {
            ProblemCode::InvalidType
        };
        refused(&field, code, json_message(&inner))
    })?;
    deserializer.end().map_err(|_| {
        refused(
            "body",
            ProblemCode::InvalidBody,
            "the body holds more than one JSON value",
        )
    })?;
    Ok(value)
}

/// `missing field `name` at line 1 column 2` → `name`.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// serde_json's message without its position, which means nothing to a client's user.
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

impl<T> FromRequest<AppState> for ApiJson<T>
where
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = request.into_parts();
        // Who is asking comes first: an unauthenticated write is 401 whatever it sends.
        Ctx::from_request_parts(&mut parts, state).await?.caller()?;
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(unreadable)?;
        // No body at all reads as JSON `null`: an optional body (`ApiJson<Option<T>>`) is
        // absent, a required one is refused as such.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(ApiJson(parse_json(b"null")));
        }
        if !is_json(&content_type) {
            return Ok(ApiJson(Err(refused(
                "body",
                ProblemCode::InvalidBody,
                "send it with Content-Type: application/json",
            ))));
        }
        Ok(ApiJson(parse_json(&bytes)))
    }
}

/// A form with nothing to read but its CSRF token (a button).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

/// A form posted by a page, its CSRF token (the `csrf` field) checked against the caller's
/// session (or the anonymous cookie) before the handler runs.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T> FromRequest<AppState> for CsrfForm<T>
where
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = request.into_parts();
        let ctx = Ctx::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(unreadable)?;
        let submitted = form_urlencoded::parse(&bytes)
            .find(|(key, _)| key == "csrf")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        if let Err(refused) = ctx.check_csrf(&submitted) {
            // A session that ended while the form was open: log in again.
            if ctx.session_ended() {
                return Err(AppError::Unauthenticated);
            }
            return Err(refused);
        }
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(&bytes));
        serde_path_to_error::deserialize(deserializer)
            .map(CsrfForm)
            .map_err(|error| {
                let path = error.path().to_string();
                let field = if path.is_empty() || path == "." {
                    "form"
                } else {
                    path.as_str()
                };
                refused(field, ProblemCode::InvalidType, error.inner())
            })
    }
}

/// The largest upload, in MB: 100,000 questions are about 14 MB.
pub const MAX_UPLOAD_MB: usize = 50;

/// The body limit of an upload route: `.layer(upload_limit())`.
pub fn upload_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_MB * 1024 * 1024)
}

/// A multipart upload: its text fields and the file of the field `file`, read in full.
#[derive(Debug, Default)]
pub struct Upload {
    fields: Vec<(String, String)>,
    file: Vec<u8>,
}

impl Upload {
    /// The text of a field, trimmed; empty when absent.
    pub fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    }

    /// Whether a check box was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.fields.iter().any(|(key, _)| key == name)
    }

    /// The file, or the one message (in the page's language) that says none was chosen.
    pub fn file(&self, lang: crate::i18n::Lang) -> Result<&[u8], String> {
        if self.file.is_empty() {
            Err(lang.t("areas-file-missing"))
        } else {
            Ok(&self.file)
        }
    }
}

impl FromRequest<AppState> for Upload {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let ctx = Ctx::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let headers = parts.headers.clone();
        let path = parts.uri.path().to_owned();
        let refuse = |status: StatusCode| {
            let key = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "upload-too-large"
            } else {
                "upload-unreadable"
            };
            let message = ctx.lang.t_with(key, &[("mb", MAX_UPLOAD_MB.to_string())]);
            (status, message)
        };
        let mut multipart =
            match axum::extract::Multipart::from_request(Request::from_parts(parts, body), state)
                .await
            {
                Ok(multipart) => multipart,
                Err(rejection) => {
                    let (status, message) = refuse(rejection.status());
                    return Err(
                        crate::error::error_page(state, &headers, &path, status, message).await,
                    );
                }
            };
        let mut upload = Upload::default();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) => {
                    let (status, message) = refuse(error.status());
                    return Err(
                        crate::error::error_page(state, &headers, &path, status, message).await,
                    );
                }
            };
            let name = field.name().unwrap_or_default().to_owned();
            let bytes = match field.bytes().await {
                Ok(bytes) => bytes,
                Err(error) => {
                    let (status, message) = refuse(error.status());
                    return Err(
                        crate::error::error_page(state, &headers, &path, status, message).await,
                    );
                }
            };
            if name == "file" {
                upload.file = bytes.to_vec();
            } else {
                upload
                    .fields
                    .push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        if let Err(refused) = ctx.check_csrf(&upload.field("csrf")) {
            return Err(if ctx.session_ended() {
                AppError::Unauthenticated.into_response()
            } else {
                refused.into_response()
            });
        }
        Ok(upload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        start: String,
        end: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        schedule: Inner,
    }

    fn field_of(json: &str) -> String {
        match parse_json::<Outer>(json.as_bytes()) {
            Err(AppError::Invalid(errors)) => errors
                .iter()
                .next()
                .map(|(f, _)| f.clone())
                .unwrap_or_default(),
            other => panic!("expected a field problem, got {other:?}"),
        }
    }

    #[test]
    fn a_json_problem_names_the_field() {
        assert_eq!(
            field_of(r#"{"schedule": {"start": "x", "end": 1}}"#),
            "name"
        );
        assert_eq!(
            field_of(r#"{"name": "a", "schedule": {"start": "x"}}"#),
            "schedule.end"
        );
        assert_eq!(
            field_of(r#"{"name": "a", "schedule": {"start": "x", "end": "late"}}"#),
            "schedule.end"
        );
        assert_eq!(field_of(r#"{"name": 5}"#), "name");
        assert_eq!(field_of("not json"), "body");
        assert_eq!(field_of(r#"{"name": "#), "body");
        assert_eq!(field_of(""), "body");
        assert_eq!(field_of("[1, 2]"), "body");
        assert_eq!(
            field_of(r#"{"name": "a", "schedule": {"start": "x", "end": 1}} {}"#),
            "body"
        );
    }

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json(""));
        assert!(!is_json("application/x-www-form-urlencoded"));
    }
}
