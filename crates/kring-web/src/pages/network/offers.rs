//! The network's open offer: the list, the form (hosts, venue, themes, languages, schedule),
//! an offer's page with its sessions, and a session cancelled, moved or its attendance counted.

use super::*;

/// The offer form's fields, top to bottom (ids `offer-{field}`; the groups of boxes link to
/// their message).
pub(super) const OFFER_FORM_ORDER: &[&str] = &[
    "title",
    "target_group",
    "description",
    "organisation_ids",
    "venue_id",
    "themes",
    "languages",
    "first_date",
    "start",
    "end",
    "repeat",
    "until",
    "rrule",
    "exceptions",
    "cost",
    "capacity",
    "places_taken",
    "contact",
    "external_id",
];
pub(super) const OFFER_FORM_ANCHORS: &[(&str, &str)] = &[
    ("organisation_ids", "offer-hosts-error"),
    ("venue_id", "offer-venue"),
    ("themes", "offer-themes-error"),
    ("languages", "offer-languages-error"),
    ("repeat", "offer-repeat-error"),
];

#[derive(Template)]
#[template(path = "network_offers.html")]
pub(super) struct OffersPage {
    shell: Shell,
    section: &'static str,
    offers: Vec<Offer>,
    districts: Vec<District>,
    themes: Vec<Theme>,
    days: [Weekday; 7],
    query: DistrictQuery,
    may_add: bool,
}

impl OffersPage {
    fn theme_label(&self, code: &str) -> String {
        crate::pages::theme_label(&self.themes, code, self.shell.lang.code() == "en")
    }

    fn day_name(&self, day: &Weekday) -> &'static str {
        if self.shell.lang.code() == "en" {
            day.name_en()
        } else {
            day.name_nl()
        }
    }

    fn describe(&self, offer: &Offer) -> String {
        offer.describe(self.shell.lang.code() == "en")
    }
}

pub(super) async fn offers_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<DistrictQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let districts = state.store.districts().await?;
    let district_id = districts
        .iter()
        .find(|d| d.code == query.wijk)
        .map(|d| d.district_id);
    let offers = state
        .store
        .offers(&OfferFilter {
            district_id,
            theme: Some(query.thema.clone()).filter(|t| !t.is_empty()),
            weekday: Weekday::parse(&query.dag).ok(),
            ..OfferFilter::default()
        })
        .await?;
    let scope = caller.scope();
    let page = OffersPage {
        may_add: scope.allows(Action::ManageNetwork)
            || scope.may_edit_for(caller.account.organisation_id.as_slice()),
        shell: Shell::build(&state, &ctx).await,
        section: "offers",
        offers,
        districts,
        themes: state.store.themes().await?,
        days: Weekday::ALL,
        query,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "network_offer_form.html")]
pub(super) struct OfferFormPage {
    shell: Shell,
    section: &'static str,
    offer_id: Option<i64>,
    input: OfferForm,
    organisation_ids: BTreeSet<i64>,
    venue_id: String,
    hosts: Vec<NetworkOrganisation>,
    venues: Vec<Venue>,
    themes: Vec<Theme>,
    languages: Vec<(&'static str, &'static str)>,
    repeats: [Repeat; 5],
    errors: FieldErrors,
}

impl OfferFormPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.summary(OFFER_FORM_ORDER, |field| {
            OFFER_FORM_ANCHORS
                .iter()
                .find(|(f, _)| *f == field)
                .map_or_else(|| format!("offer-{field}"), |(_, id)| (*id).to_owned())
        })
    }

    fn action(&self) -> String {
        match self.offer_id {
            Some(id) => format!("/netwerk/aanbod/{id}"),
            None => "/netwerk/aanbod".into(),
        }
    }

    fn has_theme(&self, code: &str) -> bool {
        self.input.themes.iter().any(|t| t == code)
    }

    fn has_language(&self, code: &str) -> bool {
        self.input.languages.iter().any(|l| l == code)
    }

    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn render_offer_form(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    offer_id: Option<i64>,
    input: OfferForm,
    organisation_ids: BTreeSet<i64>,
    venue_id: String,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let english = ctx.lang.code() == "en";
    let mut hosts = venues::choosable_organisations(state, caller).await?;
    // Co-hosts of an existing offer stay listed even when the partner may not edit them.
    for id in &organisation_ids {
        if !hosts.iter().any(|h| h.organisation_id == *id)
            && let Ok(o) = state.store.network_organisation(*id).await
        {
            hosts.push(o);
        }
    }
    if caller.scope().allows(Action::ManageNetwork) {
        hosts = state
            .store
            .network_organisations(&NetworkFilter::default())
            .await?;
    }
    let page = OfferFormPage {
        shell: Shell::build(state, ctx).await,
        section: "offers",
        offer_id,
        input,
        organisation_ids,
        venue_id,
        hosts,
        venues: state.store.venues(&NetworkFilter::default()).await?,
        themes: state
            .store
            .themes()
            .await?
            .into_iter()
            .filter(|t| t.active)
            .collect(),
        languages: NAMED_LANGUAGES
            .iter()
            .map(|(code, nl, en, _)| (*code, if english { *en } else { *nl }))
            .collect(),
        repeats: Repeat::ALL,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form's schedule fields for a stored offer: a plain choice when the rule is one.
pub(super) fn offer_input(offer: &Offer) -> OfferForm {
    let (repeat, until) = plain_repeat(offer);
    OfferForm {
        external_id: offer.external_id.clone().unwrap_or_default(),
        title: offer.title.clone(),
        description: offer.description.clone(),
        target_group: offer.target_group.clone(),
        themes: offer.themes.clone(),
        languages: offer.languages.clone(),
        cost: if offer.cost_cents == 0 {
            String::new()
        } else {
            format_euros(offer.cost_cents)
        },
        capacity: offer.capacity.map(|c| c.to_string()).unwrap_or_default(),
        places_taken: offer.places_taken.to_string(),
        walk_in: offer.walk_in,
        contact: offer.contact.clone(),
        first_date: offer.first_date.to_string(),
        start: offer.start.to_string(),
        end: offer.end.to_string(),
        repeat: repeat.as_str().into(),
        until: until.map(|d| d.to_string()).unwrap_or_default(),
        rrule: if repeat == Repeat::Custom {
            offer.rrule.clone().unwrap_or_default()
        } else {
            String::new()
        },
        exceptions: offer
            .exceptions
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Which plain choice a stored rule is, if any, with its last date.
pub(super) fn plain_repeat(offer: &Offer) -> (Repeat, Option<Date>) {
    let Some(rule) = &offer.rrule else {
        return (Repeat::None, None);
    };
    let until = rule
        .split(';')
        .find_map(|part| part.strip_prefix("UNTIL="))
        .and_then(|u| Date::parse_basic(u.get(..8).unwrap_or(u)).ok());
    if let Some(until) = until {
        for repeat in [
            Repeat::Weekly,
            Repeat::Fortnightly,
            Repeat::MonthlyNthWeekday,
        ] {
            if let Some(plain) = kring_core::network::rrule_for(repeat, offer.first_date, until)
                && kring_core::schedule::Recurrence::parse(&plain)
                    .map(|r| r.to_rrule())
                    .ok()
                    .as_deref()
                    == Some(rule.as_str())
            {
                return (repeat, Some(until));
            }
        }
    }
    (Repeat::Custom, until)
}

pub(super) fn read_offer(fields: &Fields) -> (OfferForm, BTreeSet<i64>, String) {
    (
        OfferForm {
            external_id: fields.get("external_id"),
            title: fields.get("title"),
            description: fields.get("description"),
            target_group: fields.get("target_group"),
            themes: fields.all("themes"),
            languages: fields.all("languages"),
            cost: fields.get("cost"),
            capacity: fields.get("capacity"),
            places_taken: fields.get("places_taken"),
            walk_in: fields.get("walk_in") != "0",
            contact: fields.get("contact"),
            first_date: fields.get("first_date"),
            start: fields.get("start"),
            end: fields.get("end"),
            repeat: fields.get("repeat"),
            until: fields.get("until"),
            rrule: fields.get("rrule"),
            exceptions: fields.get("exceptions"),
        },
        fields.ids("organisation_ids"),
        fields.get("venue_id"),
    )
}

pub(super) async fn new_offer(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let scope = caller.scope();
    let allowed = scope.allows(Action::ManageNetwork)
        || scope.may_edit_for(caller.account.organisation_id.as_slice());
    guard(
        &state,
        caller,
        allowed,
        &record("offer", "new", ctx.route.as_str(), AuditAction::Create),
    )
    .await?;
    let input = OfferForm {
        repeat: "weekly".into(),
        walk_in: true,
        languages: vec!["nl".into()],
        ..OfferForm::default()
    };
    let hosts: BTreeSet<i64> = caller.account.organisation_id.into_iter().collect();
    render_offer_form(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        None,
        input,
        hosts,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn edit_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let offer = state.store.offer(id).await?;
    guard(
        &state,
        caller,
        caller.scope().may_edit_for(&offer.organisation_ids()),
        &record("offer", id, ctx.route.as_str(), AuditAction::Update),
    )
    .await?;
    let venue = offer
        .venue
        .as_ref()
        .map(|v| v.venue_id.to_string())
        .unwrap_or_default();
    let hosts = offer.organisation_ids().into_iter().collect();
    render_offer_form(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        Some(id),
        offer_input(&offer),
        hosts,
        venue,
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn save_offer(
    state: AppState,
    ctx: Ctx,
    offer_id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let (input, organisation_ids, venue_text) = read_offer(&fields);
    let scope = caller.scope();
    let new_hosts: Vec<i64> = organisation_ids.iter().copied().collect();
    let current_hosts = match offer_id {
        Some(id) => Some(state.store.offer(id).await?.organisation_ids()),
        None => None,
    };
    let allowed = current_hosts
        .as_ref()
        .is_none_or(|hosts| scope.may_edit_for(hosts))
        && (new_hosts.is_empty() || scope.may_edit_for(&new_hosts))
        && (scope.allows(Action::ManageNetwork) || caller.account.organisation_id.is_some());
    let (route, action) = match offer_id {
        Some(_) => (ctx.route.as_str(), AuditAction::Update),
        None => (ctx.route.as_str(), AuditAction::Create),
    };
    let mut audit = record(
        "offer",
        offer_id.map_or("new".into(), |id| id.to_string()),
        route,
        action,
    );
    guard(&state, caller, allowed, &audit).await?;
    let themes = state.store.active_theme_codes().await?;
    let checked = input.check(&themes);
    let mut errors = match &checked {
        Ok(_) => FieldErrors::default(),
        Err(problems) => problem_errors(ctx.lang, problems.clone(), &[]),
    };
    if organisation_ids.is_empty() {
        errors.add("organisation_ids", ctx.lang.t("network-hosts-required"));
    }
    let venue_id = venue_text.parse::<i64>().ok();
    if let (Ok(checked), true) = (&checked, errors.is_empty()) {
        let links = OfferLinks {
            organisation_ids: organisation_ids.clone(),
            venue_id,
        };
        let saved = match offer_id {
            Some(id) => state
                .store
                .update_offer(id, checked, &links)
                .await
                .map(|()| id),
            None => state.store.create_offer(checked, &links).await,
        };
        match saved {
            Ok(id) => {
                audit.record_id = id.to_string();
                changed(&state, caller, &audit).await?;
                return Ok(
                    Redirect::to(&format!("/netwerk/aanbod/{id}?opgeslagen=1")).into_response()
                );
            }
            Err(error) => errors = store_field_error(ctx.lang, error, "external_id")?,
        }
    }
    render_offer_form(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        offer_id,
        input,
        organisation_ids,
        venue_text,
        errors,
    )
    .await
}

pub(super) async fn create_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_offer(state, ctx, None, pairs).await
}

pub(super) async fn update_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_offer(state, ctx, Some(id), pairs).await
}

pub(super) async fn delete_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let offer = state.store.offer(id).await?;
    let audit = record("offer", id, ctx.route.as_str(), AuditAction::Delete);
    guard(
        &state,
        caller,
        caller.scope().may_edit_for(&offer.organisation_ids()),
        &audit,
    )
    .await?;
    state.store.delete_offer(id).await?;
    changed(&state, caller, &audit).await?;
    Ok(Redirect::to("/netwerk/aanbod").into_response())
}

/// A session as the detail page lists it.
pub(super) struct SessionRow {
    session: OfferSession,
    when: String,
    past: bool,
}

#[derive(Template)]
#[template(path = "network_offer.html")]
pub(super) struct OfferPage {
    shell: Shell,
    section: &'static str,
    offer: Offer,
    themes: Vec<Theme>,
    upcoming: Vec<SessionRow>,
    past: Vec<SessionRow>,
    may_edit: bool,
    saved: bool,
    /// The session whose form had a problem, with the messages and what was typed.
    session_errors: Option<(i64, FieldErrors)>,
    session_typed: Vec<(String, String)>,
    /// The sign-ups of the initiative the offer grew from, for its coordinators.
    carried: Option<kring_store::initiative_convert::CarriedSignUps>,
}

impl OfferPage {
    fn theme_label(&self, code: &str) -> String {
        crate::pages::theme_label(&self.themes, code, self.shell.lang.code() == "en")
    }

    fn language_names(&self) -> String {
        crate::pages::language_names(&self.offer.languages, self.shell.lang.code() == "en")
    }

    fn describe(&self) -> String {
        self.offer.describe(self.shell.lang.code() == "en")
    }

    fn cost(&self) -> String {
        format_euros(self.offer.cost_cents)
    }

    fn session_error(&self, session_id: &i64, field: &str) -> String {
        match &self.session_errors {
            Some((id, errors)) if id == session_id => {
                errors.get(field).unwrap_or_default().to_owned()
            }
            _ => String::new(),
        }
    }

    /// What a session form field shows: what was typed (after a problem), else the session's
    /// own date, times and note.
    fn session_value(&self, row: &SessionRow, field: &str) -> String {
        if let Some((id, _)) = &self.session_errors
            && *id == row.session.offer_session_id
            && let Some((_, value)) = self.session_typed.iter().find(|(k, _)| k == field)
        {
            return value.clone();
        }
        let local = unix_to_local(row.session.effective_starts_at());
        let end = unix_to_local(row.session.effective_ends_at());
        match field {
            "date" => local.map(|(d, _)| d.to_string()).unwrap_or_default(),
            "start" => local.map(|(_, t)| t.to_string()).unwrap_or_default(),
            "end" => end.map(|(_, t)| t.to_string()).unwrap_or_default(),
            "note" => row.session.note.clone(),
            "attendance_count" => row
                .session
                .attendance_count
                .map(|c| c.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn status_label(&self, status: &SessionStatus) -> &'static str {
        status.label(self.shell.lang.code() == "en")
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn render_offer(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    offer: Offer,
    saved: bool,
    session_errors: Option<(i64, FieldErrors)>,
    session_typed: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let english = ctx.lang.code() == "en";
    let now = kring_store::now();
    let from = local_to_unix(today().add_days(-56)?, LocalTime::MIDNIGHT);
    let until = local_to_unix(today().add_days(84)?, LocalTime::MIDNIGHT);
    let sessions = state
        .store
        .offer_sessions(offer.offer_id, Some(from), Some(until))
        .await?;
    let (past, upcoming): (Vec<SessionRow>, Vec<SessionRow>) = sessions
        .into_iter()
        .map(|session| SessionRow {
            when: session_when(&session, english),
            past: session.effective_starts_at() <= now,
            session,
        })
        .partition(|row| row.past);
    let carried = state
        .store
        .offer_sign_ups(&caller.scope(), offer.offer_id, &ctx.route)
        .await?;
    let page = OfferPage {
        shell: Shell::build(state, ctx).await,
        section: "offers",
        may_edit: caller.scope().may_edit_for(&offer.organisation_ids()),
        offer,
        themes: state.store.themes().await?,
        upcoming,
        past: past.into_iter().rev().collect(),
        saved,
        session_errors,
        session_typed,
        carried,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn offer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(saved): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let offer = state.store.offer(id).await?;
    render_offer(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        offer,
        saved.opgeslagen.is_some(),
        None,
        Vec::new(),
    )
    .await
}

pub(super) async fn change_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((offer_id, session_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let route = ctx.route.as_str();
    let (offer, session) = session_of(&state, caller, offer_id, session_id, route).await?;
    let (status, date, start, end, note) = (
        fields.get("status"),
        fields.get("date"),
        fields.get("start"),
        fields.get("end"),
        fields.get("note"),
    );
    let input = SessionChangeInput {
        status: &status,
        date: &date,
        start: &start,
        end: &end,
        note: &note,
    };
    match session_change(&input, ctx.lang) {
        Ok(change) => {
            state
                .store
                .change_session(session.offer_session_id, change, &note)
                .await?;
            changed(
                &state,
                caller,
                &record("offer_session", session_id, route, AuditAction::Update),
            )
            .await?;
            Ok(Redirect::to(&format!(
                "/netwerk/aanbod/{offer_id}?opgeslagen=1#bijeenkomst-{session_id}"
            ))
            .into_response())
        }
        Err(errors) => {
            render_offer(
                &state,
                &ctx,
                caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                offer,
                false,
                Some((session_id, errors)),
                fields.0,
            )
            .await
        }
    }
}

pub(super) async fn record_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((offer_id, session_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let route = ctx.route.as_str();
    let (offer, _) = session_of(&state, caller, offer_id, session_id, route).await?;
    let mut problems = FieldProblems::default();
    let count = kring_core::network::check_count(
        &mut problems,
        "attendance_count",
        &fields.get("attendance_count"),
    );
    let errors = if problems.is_empty() {
        match state.store.record_attendance(session_id, count).await {
            Ok(()) => {
                changed(
                    &state,
                    caller,
                    &record("offer_session", session_id, route, AuditAction::Update),
                )
                .await?;
                return Ok(Redirect::to(&format!(
                    "/netwerk/aanbod/{offer_id}?opgeslagen=1#bijeenkomst-{session_id}"
                ))
                .into_response());
            }
            Err(error) => store_field_error(ctx.lang, error, "attendance_count")?,
        }
    } else {
        problem_errors(ctx.lang, problems, &[])
    };
    render_offer(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        offer,
        false,
        Some((session_id, errors)),
        fields.0,
    )
    .await
}
