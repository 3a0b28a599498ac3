//! The start page: what Kring is and, for a signed-in person, a work queue: per role the blocks
//! of what waits today (counts in the caller's scope, each linking to the list it counts, and
//! today's sessions of the collectives the caller guides). See `kring_store::work_queue`.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use kring_core::access::Action;
use kring_core::upkeep::UpkeepState;
use kring_store::work_queue::{GuideSession, WorkQueue};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home)).route(
        "/netwerk/organisaties/{id}/bevestigen",
        axum::routing::post(confirm_organisation),
    )
}

/// "Klopt dit nog?": the partner's own organisation, asked to confirm its entries.
pub struct UpkeepBlock {
    pub organisation_id: i64,
    pub name: String,
    pub confirmed_on: String,
    pub hidden_on: String,
    pub hidden: bool,
}

/// One block of the queue: a count, what it counts, and the list it links to. `urgent` blocks
/// (something is late) stand out when their count is above zero.
pub struct Block {
    pub id: &'static str,
    pub count: i64,
    pub label: String,
    pub href: String,
    pub urgent: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    role_intro: String,
    blocks: Vec<Block>,
    sessions_today: Option<Vec<GuideSession>>,
    /// Analysts: the dashboard is their work.
    dashboard: bool,
    /// A partner's organisation when it is asked to confirm its entries.
    upkeep: Option<UpkeepBlock>,
    /// Coordinators and admins: the organisations hidden for want of a confirmation.
    unconfirmed: Vec<kring_store::upkeep::Unconfirmed>,
    confirmed_now: bool,
}

impl HomePage {
    fn day(&self, unix: &i64) -> String {
        day_of(*unix, self.shell.lang)
    }

    fn time(&self, session: &GuideSession) -> String {
        super::format_instant(session.starts_at)
            .split(' ')
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    }
}

fn blocks(queue: &WorkQueue, lang: Lang) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut add = |id: &'static str, count: Option<i64>, href: &str, urgent: bool| {
        if let Some(count) = count {
            blocks.push(Block {
                id,
                count,
                label: lang.t_with(&format!("queue-{id}"), &[("count", count.to_string())]),
                href: href.to_owned(),
                urgent,
            });
        }
    };
    add(
        "unassigned",
        queue.unassigned,
        "/vragen?status=open&eigenaar=niemand",
        false,
    );
    add(
        "promises-due",
        queue.promises_due,
        "/vragen?eigenaar=ik&contact=te-laat",
        true,
    );
    add(
        "signals-over-norm",
        queue.signals_over_norm,
        "/signalen?status=new",
        true,
    );
    add("stale-proposals", queue.stale_proposals, "/bundelen", false);
    add(
        "sessions-this-week",
        queue.sessions_this_week,
        "/mijn-collectieven",
        false,
    );
    add(
        "open-help-requests",
        queue.open_help_requests,
        "/mijn-collectieven",
        false,
    );
    add(
        "offers-without-sessions",
        queue.offers_without_sessions,
        "/netwerk/aanbod",
        false,
    );
    add(
        "venues-without-offer",
        queue.venues_without_offer,
        "/netwerk/plekken",
        false,
    );
    add(
        "collectives-with-places",
        queue.collectives_with_places,
        "/collectieven?vrij=ja",
        false,
    );
    add(
        "locked-accounts",
        queue.locked_accounts,
        "/beheer/accounts",
        true,
    );
    let sent = &queue.sent_signals;
    if sent.total() > 0 {
        add("sent-signals-open", Some(sent.new), "/signalen", false);
        add(
            "sent-signals-in-progress",
            Some(sent.picked_up + sent.contact_made),
            "/signalen",
            false,
        );
        add("sent-signals-closed", Some(sent.closed), "/signalen", false);
    }
    blocks
}

/// A day in the page's language.
fn day_of(unix: i64, lang: Lang) -> String {
    kring_core::civil::unix_to_local(unix)
        .map(|(d, _)| {
            if lang.code() == "en" {
                d.format_long_en()
            } else {
                d.format_long_nl()
            }
        })
        .unwrap_or_default()
}

#[derive(serde::Deserialize, Default)]
struct HomeQuery {
    bevestigd: Option<String>,
}

async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(query): axum::extract::Query<HomeQuery>,
) -> Result<Html<String>, AppError> {
    let shell = Shell::build(&state, &ctx).await;
    let Some(caller) = ctx.caller.as_ref() else {
        return Ok(Html(
            HomePage {
                shell,
                role_intro: String::new(),
                blocks: Vec::new(),
                sessions_today: None,
                dashboard: false,
                upkeep: None,
                unconfirmed: Vec::new(),
                confirmed_now: false,
            }
            .render()?,
        ));
    };
    let scope = caller.scope();
    let queue = state
        .store
        .work_queue(
            &scope,
            kring_store::today(),
            state.store.terms().await?.first_contact_days(),
        )
        .await?;
    let upkeep = match caller.account.organisation_id {
        Some(organisation_id) => {
            let upkeep = state.store.organisation_upkeep(organisation_id).await?;
            if upkeep.state == UpkeepState::Current {
                None
            } else {
                Some(UpkeepBlock {
                    organisation_id,
                    name: state
                        .store
                        .network_organisation(organisation_id)
                        .await?
                        .name,
                    confirmed_on: day_of(upkeep.confirmed_at, ctx.lang),
                    hidden_on: day_of(upkeep.hidden_from, ctx.lang),
                    hidden: upkeep.state == UpkeepState::Overdue,
                })
            }
        }
        None => None,
    };
    let unconfirmed = if scope.allows(Action::ManageNetwork) {
        state.store.unconfirmed_organisations().await?
    } else {
        Vec::new()
    };
    let page = HomePage {
        upkeep,
        unconfirmed,
        confirmed_now: query.bevestigd.is_some(),
        role_intro: ctx
            .lang
            .t(&format!("home-role-{}", caller.account.role.as_str())),
        blocks: blocks(&queue, ctx.lang),
        sessions_today: queue.sessions_today,
        dashboard: scope.allows(Action::ReadAggregates)
            && !scope.allows(Action::WorkWithResidents)
            && !scope.allows(Action::ManageNetwork)
            && !scope.allows(Action::ManageAccounts),
        shell,
    };
    Ok(Html(page.render()?))
}

/// The organisation confirms that its offers, venues and contact details are still right: its
/// partner, or a coordinator or admin on its behalf (after a phone call). Hidden entries return.
async fn confirm_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::extract::Path(organisation_id): crate::extract::Path<i64>,
    crate::extract::CsrfForm(_): crate::extract::CsrfForm<Vec<(String, String)>>,
) -> Result<axum::response::Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    state.store.network_organisation(organisation_id).await?;
    state
        .store
        .confirm_organisation(&caller.scope(), organisation_id, ctx.route.as_str())
        .await?;
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to("/?bevestigd=1#klopt-dit-nog"),
    ))
}
