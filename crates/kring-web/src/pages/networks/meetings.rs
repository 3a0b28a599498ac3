//! A network's meetings (`/netwerken/{id}/overleggen`): the list with the next one first and a
//! form for a new one; a meeting's page with who came, the decisions, its actions (each on a step
//! of the plan or a task for a partner, ticked done) and the forms to change it and to add an
//! action. Everyone signed in reads; whoever may edit the network's steps writes.

use super::*;
use kring_core::network_meeting::{ActionForm, MeetingForm};
use kring_store::network_meeting::Meeting;

/// The meeting form's fields, top to bottom (ids `meeting-{field}`).
const MEETING_ORDER: &[&str] = &[
    "held_on",
    "starts_at",
    "agenda",
    "attended",
    "decisions",
    "public",
];

/// The action form's fields, top to bottom (ids `action-{field}`).
const ACTION_ORDER: &[&str] = &[
    "description",
    "network_step_id",
    "owner_organisation_id",
    "due_on",
];

fn read_meeting(fields: &Fields) -> MeetingForm {
    MeetingForm {
        held_on: fields.get("held_on"),
        starts_at: fields.get("starts_at"),
        agenda: fields.get("agenda"),
        attended: fields.all("attended"),
        decisions: fields.get("decisions"),
        public: fields.get("public") == "yes",
    }
}

fn meeting_input(meeting: &Meeting) -> MeetingForm {
    MeetingForm {
        held_on: meeting.held_on.clone(),
        starts_at: meeting.starts_at.clone().unwrap_or_default(),
        agenda: meeting.agenda.clone(),
        attended: meeting
            .attended
            .iter()
            .map(|o| o.organisation_id.to_string())
            .collect(),
        decisions: meeting.decisions.clone(),
        public: meeting.public,
    }
}

/// A date as the page shows it, in the page's language.
fn long_date(iso: &str, english: bool) -> String {
    match kring_core::civil::Date::parse(iso) {
        Ok(d) if english => d.format_long_en(),
        Ok(d) => d.format_long_nl(),
        Err(_) => iso.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "network_meetings.html")]
struct MeetingsPage {
    shell: Shell,
    section: &'static str,
    network: Network,
    upcoming: Vec<Meeting>,
    past: Vec<Meeting>,
    may_write: bool,
    input: MeetingForm,
    errors: FieldErrors,
    summary: Vec<(String, String)>,
}

impl MeetingsPage {
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }

    fn date(&self, iso: &str) -> String {
        long_date(iso, self.english())
    }

    fn has(list: &[String], id: &i64) -> bool {
        list.iter().any(|v| v == &id.to_string())
    }
}

async fn render_meetings(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    network_id: i64,
    status: StatusCode,
    input: MeetingForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let network = state.store.network(network_id).await?;
    let (mut upcoming, past): (Vec<Meeting>, Vec<Meeting>) = state
        .store
        .network_meetings(network_id)
        .await?
        .into_iter()
        .partition(Meeting::upcoming);
    upcoming.reverse();
    let summary = errors.summary(MEETING_ORDER, |field| format!("meeting-{field}"));
    let page = MeetingsPage {
        shell: Shell::build(state, ctx).await,
        section: "networks",
        may_write: network.steps_editable_by(&caller.scope()),
        network,
        upcoming,
        past,
        input,
        errors,
        summary,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn meetings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    render_meetings(
        &state,
        &ctx,
        caller,
        id,
        StatusCode::OK,
        MeetingForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// Turns a refusal of the store into errors at the fields, or passes any other error on.
fn refusal(ctx: &Ctx, error: StoreError) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    errors.add_store_refusal(ctx.lang, error)?;
    Ok(errors)
}

pub(super) async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    state.store.network(id).await?;
    let input = read_meeting(&Fields(pairs));
    let errors = match input.check() {
        Ok(fields) => match state
            .store
            .create_network_meeting(&caller.scope(), id, &fields, ctx.route.as_str())
            .await
        {
            Ok(meeting_id) => {
                return Ok(
                    Redirect::to(&format!("/netwerken/{id}/overleggen/{meeting_id}"))
                        .into_response(),
                );
            }
            Err(error) => refusal(&ctx, error)?,
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_meetings(
        &state,
        &ctx,
        caller,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}

#[derive(Template)]
#[template(path = "network_meeting.html")]
struct MeetingPage {
    shell: Shell,
    section: &'static str,
    network: Network,
    meeting: Meeting,
    may_write: bool,
    input: MeetingForm,
    errors: FieldErrors,
    action: ActionForm,
    action_errors: FieldErrors,
    summary: Vec<(String, String)>,
    saved: bool,
}

impl MeetingPage {
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }

    fn date(&self, iso: &str) -> String {
        long_date(iso, self.english())
    }

    fn has(list: &[String], id: &i64) -> bool {
        list.iter().any(|v| v == &id.to_string())
    }

    /// The step an action landed on, by its label.
    fn step_label(&self, step_id: &i64) -> String {
        let english = self.english();
        self.network
            .steps
            .iter()
            .find(|s| s.network_step_id == *step_id)
            .map(|s| s.title.label(english).to_owned())
            .unwrap_or_default()
    }
}

/// What came back to a meeting's page.
enum MeetingFeedback {
    None { saved: bool },
    Meeting(MeetingForm, FieldErrors),
    Action(ActionForm, FieldErrors),
}

async fn render_meeting(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    (network_id, meeting_id): (i64, i64),
    feedback: MeetingFeedback,
) -> Result<Response, AppError> {
    let network = state.store.network(network_id).await?;
    let meeting = state.store.network_meeting(network_id, meeting_id).await?;
    let (status, input, errors, action, action_errors, saved) = match feedback {
        MeetingFeedback::None { saved } => (
            StatusCode::OK,
            meeting_input(&meeting),
            FieldErrors::default(),
            ActionForm::default(),
            FieldErrors::default(),
            saved,
        ),
        MeetingFeedback::Meeting(input, errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            input,
            errors,
            ActionForm::default(),
            FieldErrors::default(),
            false,
        ),
        MeetingFeedback::Action(action, action_errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            meeting_input(&meeting),
            FieldErrors::default(),
            action,
            action_errors,
            false,
        ),
    };
    let mut summary = errors.summary(MEETING_ORDER, |field| format!("meeting-{field}"));
    summary.extend(action_errors.summary(ACTION_ORDER, |field| format!("action-{field}")));
    let page = MeetingPage {
        shell: Shell::build(state, ctx).await,
        section: "networks",
        may_write: network.steps_editable_by(&caller.scope()),
        network,
        meeting,
        input,
        errors,
        action,
        action_errors,
        summary,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(serde::Deserialize, Default)]
pub(super) struct MeetingQuery {
    opgeslagen: Option<String>,
}

pub(super) async fn meeting_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id)): Path<(i64, i64)>,
    axum::extract::Query(query): axum::extract::Query<MeetingQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    render_meeting(
        &state,
        &ctx,
        caller,
        (id, meeting_id),
        MeetingFeedback::None {
            saved: query.opgeslagen.is_some(),
        },
    )
    .await
}

pub(super) async fn update_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    state.store.network_meeting(id, meeting_id).await?;
    let input = read_meeting(&Fields(pairs));
    let errors = match input.check() {
        Ok(fields) => match state
            .store
            .update_network_meeting(&caller.scope(), id, meeting_id, &fields, ctx.route.as_str())
            .await
        {
            Ok(()) => {
                return Ok(Redirect::to(&format!(
                    "/netwerken/{id}/overleggen/{meeting_id}?opgeslagen=1"
                ))
                .into_response());
            }
            Err(error) => refusal(&ctx, error)?,
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_meeting(
        &state,
        &ctx,
        caller,
        (id, meeting_id),
        MeetingFeedback::Meeting(input, errors),
    )
    .await
}

pub(super) async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    state.store.network_meeting(id, meeting_id).await?;
    let fields = Fields(pairs);
    let input = ActionForm {
        description: fields.get("description"),
        network_step_id: fields.get("network_step_id"),
        owner_organisation_id: fields.get("owner_organisation_id"),
        due_on: fields.get("due_on"),
    };
    let errors = match input.check() {
        Ok(checked) => match state
            .store
            .add_meeting_action(
                &caller.scope(),
                id,
                meeting_id,
                &checked,
                ctx.route.as_str(),
            )
            .await
        {
            Ok(action_id) => {
                return Ok(Redirect::to(&format!(
                    "/netwerken/{id}/overleggen/{meeting_id}#actie-{action_id}"
                ))
                .into_response());
            }
            Err(error) => refusal(&ctx, error)?,
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_meeting(
        &state,
        &ctx,
        caller,
        (id, meeting_id),
        MeetingFeedback::Action(input, errors),
    )
    .await
}

pub(super) async fn set_action_done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id, action_id)): Path<(i64, i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let done = Fields(pairs).get("done") == "yes";
    state
        .store
        .set_meeting_action_done(
            &caller.scope(),
            id,
            meeting_id,
            action_id,
            done,
            ctx.route.as_str(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/netwerken/{id}/overleggen/{meeting_id}#actie-{action_id}"
    ))
    .into_response())
}
