//! Announcements between partners (`/netwerk/berichten`): per organisation the announcements
//! sent to it, each with the one form that records "passed on via …" and an estimated reach,
//! and those it sent with who passed them on; `/netwerk/berichten/nieuw` writes one for the
//! members of the partners chosen. Partners act for their own organisation, coordinators and
//! admins choose one (as on `/bereik`).

use super::reach::chosen_organisation;
use super::*;
use axum::extract::Query;
use kring_core::announcement::{AnnouncementForm, AnnouncementKind, PassOnForm};
use kring_core::network_plan::ReachChannel;
use kring_store::announcement::{Announcement, AnnouncementFilter};
use serde::Deserialize;

/// The announcement form's fields, top to bottom (ids `announcement-{field}`).
const FORM_ORDER: &[&str] = &[
    "author_organisation_id",
    "kind",
    "title",
    "body",
    "happens_on",
    "place",
    "public",
    "districts",
    "recipients",
];

/// The pass-on form's fields (ids `pass-on-{announcement}-{field}`).
const PASS_ON_ORDER: &[&str] = &["organisation_id", "channel", "reach"];

#[derive(Deserialize, Default)]
pub(super) struct AnnouncementsQuery {
    organisatie: Option<i64>,
    verstuurd: Option<String>,
    doorgegeven: Option<String>,
}

/// What the pass-on form of one announcement holds after a refused try.
pub struct PassOnInput {
    pub announcement_id: i64,
    pub input: PassOnForm,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "announcements.html")]
struct AnnouncementsPage {
    shell: Shell,
    section: &'static str,
    organisation_id: i64,
    organisation_name: String,
    organisations: Vec<NetworkOrganisation>,
    received: Vec<Announcement>,
    sent: Vec<Announcement>,
    channels: &'static [ReachChannel],
    refused: Option<PassOnInput>,
    summary: Vec<(String, String)>,
    sent_now: bool,
    passed_now: bool,
}

impl AnnouncementsPage {
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }

    /// The pass-on form's typed values and errors for this announcement, if it was refused.
    fn typed(&self, announcement_id: &i64) -> Option<&PassOnInput> {
        self.refused
            .as_ref()
            .filter(|r| r.announcement_id == *announcement_id)
    }

    fn typed_channel(&self, announcement_id: &i64) -> String {
        self.typed(announcement_id)
            .map(|r| r.input.channel.clone())
            .unwrap_or_default()
    }

    fn typed_reach(&self, announcement_id: &i64) -> String {
        self.typed(announcement_id)
            .map(|r| r.input.reach.clone())
            .unwrap_or_default()
    }

    fn error(&self, announcement_id: &i64, field: &str) -> String {
        self.typed(announcement_id)
            .map(|r| r.errors.message(field))
            .unwrap_or_default()
    }

    fn passed_by_us(&self, announcement: &Announcement) -> bool {
        announcement.passed_on_by(self.organisation_id)
    }

    fn date(&self, unix: &i64) -> String {
        let english = self.english();
        kring_core::civil::unix_to_local(*unix)
            .map(|(d, _)| {
                if english {
                    d.format_long_en()
                } else {
                    d.format_long_nl()
                }
            })
            .unwrap_or_default()
    }
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    (organisation, organisations): (NetworkOrganisation, Vec<NetworkOrganisation>),
    refused: Option<PassOnInput>,
    flags: (bool, bool),
) -> Result<Response, AppError> {
    let id = organisation.organisation_id;
    let received = state
        .store
        .announcements(AnnouncementFilter::ReceivedBy(id))
        .await?;
    let sent = state
        .store
        .announcements(AnnouncementFilter::SentBy(id))
        .await?;
    let summary = match &refused {
        Some(r) => r.errors.summary(PASS_ON_ORDER, |field| {
            format!("pass-on-{}-{}", r.announcement_id, field.replace('_', "-"))
        }),
        None => Vec::new(),
    };
    let page = AnnouncementsPage {
        shell: Shell::build(state, ctx).await,
        section: "announcements",
        organisation_id: id,
        organisation_name: organisation.name,
        organisations,
        received,
        sent,
        channels: ReachChannel::ALL,
        refused,
        summary,
        sent_now: flags.0,
        passed_now: flags.1,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn announcements_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AnnouncementsQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let chosen = chosen_organisation(&state, caller, query.organisatie).await?;
    render_list(
        &state,
        &ctx,
        StatusCode::OK,
        chosen,
        None,
        (query.verstuurd.is_some(), query.doorgegeven.is_some()),
    )
    .await
}

pub(super) async fn pass_on(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(announcement_id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    state.store.announcement(announcement_id).await?;
    let fields = Fields(pairs);
    let asked = fields.get("organisation_id").parse::<i64>().ok();
    let chosen = chosen_organisation(&state, caller, asked).await?;
    let organisation_id = chosen.0.organisation_id;
    let input = PassOnForm {
        channel: fields.get("channel"),
        reach: fields.get("reach"),
    };
    let errors = match input.check() {
        Ok(checked) => match state
            .store
            .pass_on_announcement(
                &caller.scope(),
                announcement_id,
                organisation_id,
                &checked,
                caller.account.account_id,
                ctx.route.as_str(),
            )
            .await
        {
            Ok(()) => {
                return Ok(Redirect::to(&format!(
                    "/netwerk/berichten?organisatie={organisation_id}&doorgegeven=1#bericht-{announcement_id}"
                ))
                .into_response());
            }
            Err(error) => {
                let mut errors = FieldErrors::default();
                errors.add_store_refusal(ctx.lang, error)?;
                errors
            }
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_list(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        chosen,
        Some(PassOnInput {
            announcement_id,
            input,
            errors,
        }),
        (false, false),
    )
    .await
}

#[derive(Template)]
#[template(path = "announcement_form.html")]
struct AnnouncementFormPage {
    shell: Shell,
    section: &'static str,
    /// The organisations the caller may write for.
    authors: Vec<NetworkOrganisation>,
    /// Every organisation but the author can be a recipient.
    organisations: Vec<NetworkOrganisation>,
    districts: Vec<District>,
    kinds: &'static [AnnouncementKind],
    input: AnnouncementForm,
    errors: FieldErrors,
    summary: Vec<(String, String)>,
}

impl AnnouncementFormPage {
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }

    fn has(list: &[String], id: &i64) -> bool {
        list.iter().any(|v| v == &id.to_string())
    }
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    input: AnnouncementForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = caller.scope();
    let organisations = state
        .store
        .network_organisations(&NetworkFilter::default())
        .await?;
    let authors = organisations
        .iter()
        .filter(|o| scope.allows(Action::EditOrganisation(o.organisation_id)))
        .cloned()
        .collect();
    let summary = errors.summary(FORM_ORDER, |field| {
        format!("announcement-{}", field.replace('_', "-"))
    });
    let page = AnnouncementFormPage {
        shell: Shell::build(state, ctx).await,
        section: "announcements",
        authors,
        organisations,
        districts: state.store.districts().await?,
        kinds: AnnouncementKind::ALL,
        input,
        errors,
        summary,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn new_announcement(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AnnouncementsQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let (author, _) = chosen_organisation(&state, caller, query.organisatie).await?;
    let input = AnnouncementForm {
        author_organisation_id: author.organisation_id.to_string(),
        ..AnnouncementForm::default()
    };
    render_form(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        input,
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn create_announcement(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let fields = Fields(pairs);
    let input = AnnouncementForm {
        author_organisation_id: fields.get("author_organisation_id"),
        kind: fields.get("kind"),
        title: fields.get("title"),
        body: fields.get("body"),
        happens_on: fields.get("happens_on"),
        place: fields.get("place"),
        public: fields.get("public") == "yes",
        districts: fields.all("districts"),
        recipients: fields.all("recipients"),
    };
    let errors = match input.check() {
        Ok(checked) => match state
            .store
            .create_announcement(
                &caller.scope(),
                &checked,
                caller.account.account_id,
                ctx.route.as_str(),
            )
            .await
        {
            Ok(id) => {
                return Ok(Redirect::to(&format!(
                    "/netwerk/berichten?organisatie={}&verstuurd=1#bericht-{id}",
                    checked.author_organisation_id
                ))
                .into_response());
            }
            Err(error) => {
                let mut errors = FieldErrors::default();
                errors.add_store_refusal(ctx.lang, error)?;
                errors
            }
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_form(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}
