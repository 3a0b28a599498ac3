//! A collective's sessions over the API: the list, a session added or changed, and its
//! attendance read and saved.

use super::*;

#[derive(Serialize, ToSchema)]
#[schema(as = CollectiveSessionOut)]
pub(super) struct SessionOut {
    session_id: i64,
    date: String,
    /// Unix seconds (the moved time when moved).
    starts_at: i64,
    ends_at: i64,
    /// scheduled, cancelled, moved.
    status: String,
    /// Added by a guide outside the schedule.
    added: bool,
    present: i64,
    guests: i64,
    note: String,
}

pub(super) fn session_out(s: CollectiveSession) -> SessionOut {
    SessionOut {
        starts_at: s.effective_starts_at(),
        ends_at: s.effective_ends_at(),
        session_id: s.session_id,
        date: s.date.to_string(),
        status: s.status.as_str().to_owned(),
        added: s.added,
        present: s.present,
        guests: s.guests,
        note: s.note,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SessionParams {
    /// YYYY-MM-DD, inclusive.
    from: Option<String>,
    /// YYYY-MM-DD, inclusive.
    to: Option<String>,
}

/// The sessions, in time order.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/sessions", params(SessionParams), security(("bearer" = [])), responses(
    (status = 200, description = "Sessions", body = [SessionOut]),
    (status = 403, description = "Does not run this collective: not a professional of its district nor one of its guides", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiQuery(params): ApiQuery<SessionParams>,
) -> Result<Json<Vec<SessionOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let from = params
        .from
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| date(ctx.lang, "from", t))
        .transpose()?;
    let to = params
        .to
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| date(ctx.lang, "to", t))
        .transpose()?;
    let sessions = state
        .store
        .collective_sessions(&scope, id, from, to)
        .await?;
    Ok(Json(sessions.into_iter().map(session_out).collect()))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct SessionIn {
    /// YYYY-MM-DD; a day without a session.
    date: String,
    /// HH:MM.
    start: String,
    end: String,
}

/// Adds a session outside the schedule.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/sessions", request_body = SessionIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = SessionOut),
    (status = 403, description = "Does not run this collective: not a professional of its district nor one of its guides (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields or a day that has a session", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn add_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<SessionIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let on = Date::parse(&input.date)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("date", ProblemCode::Invalid, &input.date),
            )
        })
        .ok();
    let start = LocalTime::parse(&input.start)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("start", ProblemCode::Invalid, &input.start),
            )
        })
        .ok();
    let end = LocalTime::parse(&input.end)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("end", ProblemCode::Invalid, &input.end),
            )
        })
        .ok();
    let (Some(on), Some(start), Some(end)) = (on, start, end) else {
        return Err(AppError::Invalid(errors));
    };
    let session_id = state
        .store
        .add_collective_session(&scope, id, on, start, end, ctx.route.as_str())
        .await?;
    let session = state
        .store
        .collective_session(&scope, id, session_id)
        .await?;
    Ok((StatusCode::CREATED, Json(session_out(session))).into_response())
}

#[derive(Deserialize, Serialize, ToSchema)]
#[schema(as = CollectiveSessionChangeIn)]
pub(super) struct SessionChangeIn {
    /// scheduled (undo), cancelled or moved.
    status: String,
    /// For moved: the new day (YYYY-MM-DD) and times (HH:MM).
    date: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

/// Cancels, moves or restores one session.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/sessions/{sid}", request_body = SessionChangeIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = SessionOut),
    (status = 403, description = "Does not run this collective: not a professional of its district nor one of its guides (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn change_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    json: ApiJson<SessionChangeIn>,
) -> Result<Json<SessionOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    let change = crate::network::session_change(
        &crate::network::SessionChangeInput {
            status: &input.status,
            date: input.date.as_deref().unwrap_or_default(),
            start: input.start.as_deref().unwrap_or_default(),
            end: input.end.as_deref().unwrap_or_default(),
            note: "",
        },
        ctx.lang,
    )
    .map_err(AppError::Invalid)?;
    state
        .store
        .change_collective_session(&scope, id, session_id, change, ctx.route.as_str())
        .await?;
    let session = state
        .store
        .collective_session(&scope, id, session_id)
        .await?;
    Ok(Json(session_out(session)))
}

#[derive(Serialize, ToSchema)]
pub(super) struct AttendanceLineOut {
    member_id: i64,
    name: Option<String>,
    role: String,
    /// null while nobody marked this member.
    present: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct AttendanceOut {
    session: SessionOut,
    /// Members on the session's date.
    members: Vec<AttendanceLineOut>,
}

/// The attendance checklist of one session. Personal data, audited.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/sessions/{sid}/attendance", security(("bearer" = [])), responses(
    (status = 200, description = "Checklist", body = AttendanceOut),
    (status = 403, description = "Does not run this collective: not a professional of its district nor one of its guides (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such session in this collective", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
) -> Result<Json<AttendanceOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let sheet = state
        .store
        .attendance(&scope, id, session_id, ctx.route.as_str())
        .await?;
    Ok(Json(AttendanceOut {
        session: session_out(sheet.session),
        members: sheet
            .lines
            .into_iter()
            .map(|l| AttendanceLineOut {
                member_id: l.member_id,
                name: l.name,
                role: l.role.as_str().to_owned(),
                present: l.present,
            })
            .collect(),
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct MarkIn {
    member_id: i64,
    present: bool,
}

/// Marks to record. Only the listed members are written (each on its own row); `guests` sets
/// the walk-in count and `note` replaces the note, each only when given.
#[derive(Deserialize, Serialize, ToSchema)]
#[schema(as = CollectiveAttendanceIn)]
pub(super) struct AttendanceIn {
    #[serde(default)]
    members: Vec<MarkIn>,
    guests: Option<i64>,
    note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct AttendanceSavedOut {
    marked: usize,
    /// Ids that are not members on the session's date, counted as walk-in guests.
    counted_as_guests: usize,
    session: SessionOut,
}

/// Records attendance of a session that has begun (today or earlier).
#[utoipa::path(put, path = "/api/v1/collectives/{id}/sessions/{sid}/attendance", request_body = AttendanceIn, security(("bearer" = [])), responses(
    (status = 200, description = "Saved", body = AttendanceSavedOut),
    (status = 403, description = "Does not run this collective: not a professional of its district nor one of its guides (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A later day, a cancelled session, or invalid fields", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn save_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    json: ApiJson<AttendanceIn>,
) -> Result<Json<AttendanceSavedOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    if input.guests.is_some_and(|g| g < 0) {
        return Err(refused(
            ctx.lang,
            FieldProblem::new("guests", ProblemCode::Negative),
        ));
    }
    let update = AttendanceUpdate {
        marks: input
            .members
            .iter()
            .map(|m| (m.member_id, m.present))
            .collect(),
        guests: input.guests.map_or(GuestChange::Keep, GuestChange::Set),
        note: input.note,
    };
    let saved = state
        .store
        .save_attendance(&scope, id, session_id, &update, ctx.route.as_str())
        .await?;
    let session = state
        .store
        .collective_session(&scope, id, session_id)
        .await?;
    Ok(Json(AttendanceSavedOut {
        marked: saved.marked,
        counted_as_guests: saved.counted_as_guests,
        session: session_out(session),
    }))
}
