//! The network's CSV import page: organisations, venues and offers from one file each, every
//! bad row named by its line and nothing stored half-way.

use super::*;

#[derive(Template)]
#[template(path = "network_import.html")]
pub(super) struct ImportPage {
    shell: Shell,
    section: &'static str,
    kind: String,
    /// Every problem of the file, said in the page's language (`line 3, column x: …`).
    errors: Vec<String>,
    report: Option<NetworkImportReport>,
}

pub(super) async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &record(
            "network_import",
            "-",
            ctx.route.as_str(),
            AuditAction::Create,
        ),
    )
    .await?;
    let page = ImportPage {
        shell: Shell::build(&state, &ctx).await,
        section: "import",
        kind: "organisations".into(),
        errors: Vec::new(),
        report: None,
    };
    Ok(Html(page.render()?).into_response())
}

pub(super) async fn import_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    upload: Upload,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let audit = record(
        "network_import",
        "-",
        ctx.route.as_str(),
        AuditAction::Create,
    );
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &audit,
    )
    .await?;
    let kind = upload.field("kind");
    let none = |_: usize| {};
    let result: Result<NetworkImportReport, Vec<String>> = match upload.file(ctx.lang) {
        Err(message) => Err(vec![message]),
        Ok(file) => {
            let outcome = match kind.as_str() {
                "organisations" => {
                    let checked = parse_organisations(file);
                    state.store.import_organisations(&checked, &none).await
                }
                "venues" => {
                    let checked = parse_venues(file);
                    state.store.import_venues(&checked, &none).await
                }
                "offers" => {
                    let themes = state.store.active_theme_codes().await?;
                    let checked = parse_offers(file, &themes);
                    state.store.import_offers(&checked, &none).await
                }
                _ => {
                    return render_import(
                        &state,
                        &ctx,
                        kind,
                        Err(vec![ctx.lang.t("network-import-kind-missing")]),
                    )
                    .await;
                }
            };
            match outcome {
                Ok(report) => Ok(report),
                Err(ImportRefused::Lines(errors)) => Err(errors
                    .iter()
                    .map(|error| intake::cell_error(ctx.lang, error))
                    .collect()),
                Err(ImportRefused::Store(error)) => return Err(error.into()),
            }
        }
    };
    if result.is_ok() {
        changed(&state, caller, &audit).await?;
    }
    render_import(&state, &ctx, kind, result).await
}

/// The import page after an upload: what it changed, or every problem.
pub(super) async fn render_import(
    state: &AppState,
    ctx: &Ctx,
    kind: String,
    result: Result<NetworkImportReport, Vec<String>>,
) -> Result<Response, AppError> {
    let (status, errors, report) = match result {
        Ok(report) => (StatusCode::OK, Vec::new(), Some(report)),
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
    };
    let page = ImportPage {
        shell: Shell::build(state, ctx).await,
        section: "import",
        kind,
        errors,
        report,
    };
    Ok((status, Html(page.render()?)).into_response())
}
