//! A collective's sessions for whoever runs them: the attendance checklist of one session (made
//! for a phone; what was ticked survives a refusal) and the guide's start page
//! (`/mijn-collectieven`).

use super::*;

#[derive(Template)]
#[template(path = "collective_session.html")]
pub(super) struct SessionPage {
    shell: Shell,
    collective: Collective,
    sheet: AttendanceSheet,
    saved: bool,
    errors: FieldErrors,
    /// What the guide sent, when it comes back refused: shown instead of the stored values.
    entered: Option<EnteredAttendance>,
}

/// The attendance form as it was sent: the ticked members, how each box was first shown
/// (`was_{member}`, kept so the next save still writes only what the guide changed), and the
/// guests and note as typed and as first shown.
pub(super) struct EnteredAttendance {
    present: BTreeSet<i64>,
    was: BTreeMap<i64, String>,
    guests: String,
    guests_was: String,
    note: String,
    note_was: String,
}

impl SessionPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn when(&self) -> String {
        session_when(&self.sheet.session, self.english())
    }

    fn later(&self) -> bool {
        self.sheet.session.date > today()
    }

    /// How the member's box was first shown: "1", "0" or "" (never marked).
    fn was(&self, line: &AttendanceLine) -> String {
        if let Some(was) = self
            .entered
            .as_ref()
            .and_then(|e| e.was.get(&line.member_id))
        {
            return was.clone();
        }
        match line.present {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        }
        .to_owned()
    }

    /// Whether the box is ticked: as sent when the form came back refused.
    fn ticked(&self, line: &AttendanceLine) -> bool {
        match &self.entered {
            Some(e) if e.was.contains_key(&line.member_id) => e.present.contains(&line.member_id),
            _ => line.present == Some(true),
        }
    }

    fn guests(&self) -> String {
        self.entered.as_ref().map_or_else(
            || self.sheet.session.guests.to_string(),
            |e| e.guests.clone(),
        )
    }

    fn guests_was(&self) -> String {
        self.entered.as_ref().map_or_else(
            || self.sheet.session.guests.to_string(),
            |e| e.guests_was.clone(),
        )
    }

    fn note(&self) -> String {
        self.entered
            .as_ref()
            .map_or_else(|| self.sheet.session.note.clone(), |e| e.note.clone())
    }

    fn note_was(&self) -> String {
        self.entered
            .as_ref()
            .map_or_else(|| self.sheet.session.note.clone(), |e| e.note_was.clone())
    }
}

#[derive(Deserialize, Default)]
pub(super) struct SessionQuery {
    #[serde(default)]
    opgeslagen: String,
}

pub(super) async fn render_session(
    state: &AppState,
    ctx: &Ctx,
    (id, session_id): (i64, i64),
    status: StatusCode,
    saved: bool,
    errors: FieldErrors,
    entered: Option<EnteredAttendance>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let sheet = state
        .store
        .attendance(&scope, id, session_id, ctx.route.as_str())
        .await?;
    let page = SessionPage {
        shell: Shell::build(state, ctx).await,
        collective,
        sheet,
        saved,
        errors,
        entered,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn session_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    Query(query): Query<SessionQuery>,
) -> Result<Response, AppError> {
    render_session(
        &state,
        &ctx,
        (id, session_id),
        StatusCode::OK,
        query.opgeslagen == "ja",
        FieldErrors::default(),
        None,
    )
    .await
}

/// Saves what the guide changed on screen: a member whose box changed from how it was shown,
/// the difference in the guest count, and the note when it was edited. Another guide's marks
/// saved meanwhile stay.
pub(super) async fn save_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let present: BTreeSet<String> = fields.all("present").into_iter().collect();
    let mut marks = Vec::new();
    let mut shown: BTreeMap<i64, String> = BTreeMap::new();
    for (key, was) in &fields.0 {
        let Some(member) = key.strip_prefix("was_") else {
            continue;
        };
        let Ok(member_id) = member.parse::<i64>() else {
            continue;
        };
        shown.insert(member_id, was.trim().to_owned());
        let now = present.contains(member);
        let changed = match was.as_str() {
            "1" => !now,
            "0" => now,
            _ => now,
        };
        if changed {
            marks.push((member_id, now));
        }
    }
    let mut errors = FieldErrors::default();
    let lang = ctx.lang;
    let count = |name: &str, errors: &mut FieldErrors| -> Option<i64> {
        let text = fields.get(name);
        if text.is_empty() {
            return Some(0);
        }
        let max = kring_core::network::COUNT_MAX;
        let problem = match text.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => return Some(n),
            Ok(n) if n < 0 => FieldProblem::new("guests", ProblemCode::Negative),
            Ok(_) => FieldProblem::new("guests", ProblemCode::OutOfRange)
                .with("min", 0)
                .with("max", max),
            Err(_) => FieldProblem::new("guests", ProblemCode::Invalid).with("value", &text),
        };
        errors.add_problem(
            lang,
            &kring_core::collective::of_form(problem, kring_core::collective::FORM),
        );
        None
    };
    let guests = count("guests", &mut errors);
    let guests_was = count("guests_was", &mut errors);
    let note = fields.get("note");
    let note_changed = note != fields.get("note_was");
    // Shown again instead of the stored values if the save is refused, so no tick is lost.
    let entered = EnteredAttendance {
        present: present.iter().filter_map(|p| p.parse().ok()).collect(),
        was: shown,
        guests: fields.get("guests"),
        guests_was: fields.get("guests_was"),
        note: note.clone(),
        note_was: fields.get("note_was"),
    };
    if let (Some(guests), Some(guests_was)) = (guests, guests_was) {
        let update = AttendanceUpdate {
            marks,
            guests: if guests == guests_was {
                GuestChange::Keep
            } else {
                GuestChange::Add(guests - guests_was)
            },
            note: note_changed.then_some(note),
        };
        match state
            .store
            .save_attendance(&scope, id, session_id, &update, ctx.route.as_str())
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/collectieven/{id}/bijeenkomsten/{session_id}?opgeslagen=ja"
                ))
                .into_response());
            }
            Err(error) => errors = store_errors(ctx.lang, error, "attendance")?,
        }
    }
    render_session(
        &state,
        &ctx,
        (id, session_id),
        StatusCode::UNPROCESSABLE_ENTITY,
        false,
        errors,
        Some(entered),
    )
    .await
}

// ------------------------------------------------------------------ the guide's start page

#[derive(Template)]
#[template(path = "my_collectives.html")]
pub(super) struct MinePage {
    shell: Shell,
    collectives: Vec<Collective>,
    today: Vec<(Collective, CollectiveSession)>,
    coming: Vec<(Collective, CollectiveSession)>,
}

impl MinePage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn when(&self, session: &CollectiveSession) -> String {
        session_when(session, self.english())
    }
}

pub(super) async fn mine_page(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let collectives = state.store.guided_collectives(&scope).await?;
    let day = today();
    let today_sessions = state.store.guide_sessions_between(&scope, day, day).await?;
    let coming = state
        .store
        .guide_sessions_between(&scope, day.add_days(1)?, day.add_days(7)?)
        .await?;
    let page = MinePage {
        shell: Shell::build(&state, &ctx).await,
        collectives,
        today: today_sessions,
        coming,
    };
    Ok(Html(page.render()?).into_response())
}

// ------------------------------------------------------------------ goals and measurements
