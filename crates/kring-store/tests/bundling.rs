//! Bundling runs in storage, on every backend: the engine's instance from the demo's open
//! questions, venues and offers; a stored run with proposals and the unplaced; questions move
//! to `proposed` once and never into two runs; rejecting and accepting; district scoping.

use kring_bundling::{Settings, bundle, explain};
use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::{QuestionInput, Rules, Source, reference, validate};
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_store::bundling::BundlingRequest;
use kring_store::demo::DemoOutcome;
use kring_store::on_every_backend;
use kring_store::proposal::{ChangeOutcome, ProposalChange};
use kring_store::question::Actor;
use kring_store::question::QuestionFilter;
use kring_store::{Store, StoreError};
use std::collections::BTreeSet;

async fn demo_professional(store: &Store) -> (AccessScope, Vec<i64>) {
    let DemoOutcome::Loaded(accounts) = store.load_demo().await.unwrap() else {
        panic!("the demo loads into an empty database");
    };
    let professional = accounts
        .iter()
        .find(|a| a.role == Role::Professional)
        .unwrap();
    let account = store
        .account_by_email(&Email::parse(&professional.email).unwrap())
        .await
        .unwrap();
    let districts = store.districts().await.unwrap();
    let voorstad = districts
        .iter()
        .find(|d| d.code == "WK999901")
        .unwrap()
        .district_id;
    let noorderhaven = districts
        .iter()
        .find(|d| d.code == "WK999903")
        .unwrap()
        .district_id;
    (account.scope(), vec![voorstad, noorderhaven])
}

on_every_backend! {
    async fn a_run_proposes_open_questions_once_and_decisions_move_them_on(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        let request = BundlingRequest { district_ids: vec![districts[0]], min_group: 4, max_group: 12 };
        let instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        instance.validate().unwrap();
        assert!(instance.questions.len() > 50, "the demo's open questions in Voorstad: {}", instance.questions.len());
        assert!(!instance.venues.is_empty() && !instance.groups.is_empty());
        let solution = bundle(&instance, &Settings::default());
        assert!(!solution.groups.is_empty(), "the demo has clusters to bundle");
        let why = explain(&instance, &solution);
        let run_id = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await.unwrap();

        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        assert_eq!(run.district_codes, vec!["WK999901"]);
        assert_eq!(run.placed as usize, solution.placed());
        let members: usize = run.proposals.iter().map(|p| p.members.len()).sum();
        assert_eq!(members, solution.placed());
        assert_eq!(run.unplaced.len(), solution.unplaced.len());
        let first = &run.proposals[0];
        assert_eq!(first.kind, "new_group");
        assert!(first.members.iter().all(|m| !m.explanation.is_empty() && m.reference_code.len() == 9));
        assert!(first.members.iter().all(|m| !m.first_name.contains(' ')), "first names only");

        // The proposed questions are no longer open, so the next run does not see them, and
        // saving the same answer again is a conflict that changes nothing.
        let proposed = store.questions(&scope, &QuestionFilter { status: Some(kring_core::question::QuestionStatus::Proposed), limit: 500, ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(proposed.items.len(), solution.placed());
        let again = store.bundling_instance(&scope, &request, "test").await.unwrap();
        assert_eq!(again.questions.len(), instance.questions.len() - solution.placed());
        let twice = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await;
        assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");

        // Rejecting needs a reason and sends the questions back to open; deciding twice is a conflict.
        let no_reason = store.reject_proposal(&scope, first.proposal_id, "  ", "test").await;
        let Err(StoreError::Problem(problem)) = no_reason else { panic!("a rejection needs a reason: {no_reason:?}") };
        assert_eq!(problem, FieldProblem::new("reason", ProblemCode::Required));
        store.reject_proposal(&scope, first.proposal_id, "deze mensen kennen elkaar al", "test").await.unwrap();
        let after = store.bundling_run(&scope, run_id, "test").await.unwrap();
        assert_eq!(after.proposals[0].status, "rejected");
        assert_eq!(after.proposals[0].reason.as_deref(), Some("deze mensen kennen elkaar al"));
        let back = store.question(&scope, first.members[0].question_id, "test").await.unwrap();
        assert_eq!(back.status.code(), "open");
        assert_eq!(back.history.last().unwrap().reason.as_deref(), Some(format!("voorstel {} afgewezen: deze mensen kennen elkaar al", first.proposal_id).as_str()));
        let decided = store.reject_proposal(&scope, first.proposal_id, "nogmaals", "test").await;
        assert!(matches!(decided, Err(StoreError::Conflict(_))));

        // A place in an offer is accepted: the questions are in the offer; a new group cannot be
        // accepted that way.
        let new_group = after.proposals.iter().find(|p| p.kind == "new_group" && p.status == "open").unwrap();
        let refused = store.accept_offer_proposal(&scope, new_group.proposal_id, "test").await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("a new group is accepted by founding a collective: {refused:?}") };
        assert_eq!(problem, FieldProblem::new("collective", ProblemCode::Required));
        assert_eq!(problem.form, Some("proposal"));
        if let Some(offer) = after.proposals.iter().find(|p| p.kind == "offer") {
            store.accept_offer_proposal(&scope, offer.proposal_id, "test").await.unwrap();
            let joined = store.question(&scope, offer.members[0].question_id, "test").await.unwrap();
            assert_eq!(joined.status.code(), "in_offer");
        }
    }

    async fn a_professional_bundles_and_reads_only_their_own_districts(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        let elsewhere = BundlingRequest { district_ids: vec![districts[1]], min_group: 4, max_group: 12 };
        let refused = store.bundling_instance(&scope, &elsewhere, "test").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)));
        let nothing = BundlingRequest { district_ids: vec![], min_group: 4, max_group: 12 };
        assert!(matches!(store.bundling_instance(&scope, &nothing, "test").await, Err(StoreError::Forbidden)));
        let missing = store.bundling_run(&scope, 999, "test").await;
        assert!(matches!(missing, Err(StoreError::NotFound)));
    }

    async fn running_collectives_with_free_places_take_questions_and_accepting_joins_them(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        // No new group can reach 40 members: every placement is in a running group.
        let request = BundlingRequest { district_ids: vec![districts[0]], min_group: 40, max_group: 60 };
        let instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        // A resident who fits the first running collective exactly: at its venue's postcode,
        // its theme, free at its walk-in time. The demo's walk-ins fall on days counted from
        // today, and venues open on weekdays only, so it is the first one on a weekday.
        let first = instance.groups.iter().find(|g| g.id.starts_with("collective-") && !g.slot.starts_with("za-") && !g.slot.starts_with("zo-")).expect("a running collective on a weekday").clone();
        let venue = store.venue(first.venue[1..].parse().unwrap()).await.unwrap();
        let known: Vec<ThemeCode> = DEFAULT_THEMES.iter().map(|t| ThemeCode::parse(t.code).unwrap()).collect();
        let new = validate(
            &QuestionInput {
                name: "Fatima".into(),
                postcode: venue.postcode.clone().unwrap(),
                languages: vec!["nl".into()],
                text: "Ik zoek mensen om mee op te trekken".into(),
                themes: vec![first.theme.clone()],
                availability: vec![first.slot.clone()],
                max_travel_m: "fiets".into(),
                ..QuestionInput::default()
            },
            &Rules { known_themes: &known, today: kring_store::today(), require_contact: false, require_individual_reason: true },
        )
        .unwrap();
        store.create_question(Actor::System, &new, Source::Intake, None, "test").await.unwrap();
        let instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        instance.validate().unwrap();
        let running: Vec<&kring_bundling::Group> = instance.groups.iter().filter(|g| g.id.starts_with("collective-")).collect();
        assert!(!running.is_empty(), "the demo's Voorstad collectives with a venue and free places");
        for group in &running {
            let id: i64 = group.id["collective-".len()..].parse().unwrap();
            let collective = store.collective(&scope, id).await.unwrap();
            assert_eq!(group.free, collective.capacity - collective.members_now);
            assert!(collective.themes.contains(&group.theme));
        }
        // Keep only the running collectives and the questions that fit one of them (theme, slot,
        // language, within reach), so the engine's only way to place a question is a collective.
        let mut instance = instance.clone();
        let collectives: Vec<kring_bundling::Group> = running.iter().map(|g| (*g).clone()).collect();
        let fits = |q: &kring_bundling::Question| {
            collectives.iter().any(|g| {
                let venue = instance.venues.iter().find(|v| v.id == g.venue).unwrap();
                q.themes.contains(&g.theme) && q.slots.contains(&g.slot) && q.languages.contains(&g.language)
                    && !q.individual_only
                    && ((q.x - venue.x).powi(2) + (q.y - venue.y).powi(2)).sqrt() <= q.max_travel_m
            })
        };
        let questions: Vec<kring_bundling::Question> = instance.questions.iter().filter(|q| fits(q)).cloned().collect();
        assert!(!questions.is_empty(), "Fatima fits a running collective");
        instance.questions = questions;
        instance.groups = collectives;
        let solution = bundle(&instance, &Settings::default());
        assert!(solution.groups.is_empty());
        let why = explain(&instance, &solution);
        let run_id = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await.unwrap();
        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let proposal = run.proposals.iter().find(|p| p.collective_id.is_some()).expect("places in a running collective").clone();
        assert_eq!((proposal.kind.as_str(), proposal.offer_id), ("offer", None));
        let collective_id = proposal.collective_id.unwrap();
        let before = store.collective(&scope, collective_id).await.unwrap().members_now;
        store.accept_offer_proposal(&scope, proposal.proposal_id, "test").await.unwrap();
        let after = store.collective(&scope, collective_id).await.unwrap().members_now;
        assert_eq!(after, before + proposal.members.len() as i64);
        for member in &proposal.members {
            let question = store.question(&scope, member.question_id, "test").await.unwrap();
            assert_eq!(question.status, kring_core::question::QuestionStatus::InCollective);
        }
        let again = store.accept_offer_proposal(&scope, proposal.proposal_id, "test").await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    }

    async fn accepting_places_in_an_offer_that_filled_up_meanwhile_is_refused_and_changes_nothing(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        // No new group can reach 40 members: every placement is in a running group; keep the
        // offers only, so the proposals are places in an offer.
        let request = BundlingRequest { district_ids: vec![districts[0]], min_group: 40, max_group: 60 };
        let mut instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        instance.groups.retain(|g| g.id.starts_with("offer-"));
        assert!(!instance.groups.is_empty(), "the demo's Voorstad offers with free places");
        let solution = bundle(&instance, &Settings::default());
        let why = explain(&instance, &solution);
        let run_id = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await.unwrap();
        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let proposal = run.proposals.iter().find(|p| p.offer_id.is_some()).expect("places in an offer").clone();
        let offer_id = proposal.offer_id.unwrap();
        let wanted = proposal.members.len() as i64;
        let capacity = store.offer(offer_id).await.unwrap().capacity.unwrap();

        // Another acceptance took places meanwhile: one place too few is left.
        store.set_places_taken(offer_id, capacity - wanted + 1).await.unwrap();
        let refused = store.accept_offer_proposal(&scope, proposal.proposal_id, "test").await;
        let Err(StoreError::Problem(problem)) = &refused else { panic!("refused: {refused:?}") };
        assert_eq!(problem, &FieldProblem::new("offer", ProblemCode::Taken).with("free", wanted - 1).with("wanted", wanted));
        assert_eq!(store.offer(offer_id).await.unwrap().places_taken, capacity - wanted + 1);
        let after = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let still = after.proposals.iter().find(|p| p.proposal_id == proposal.proposal_id).unwrap();
        assert_eq!(still.status, "open");
        for member in &proposal.members {
            let question = store.question(&scope, member.question_id, "test").await.unwrap();
            assert_eq!(question.status, kring_core::question::QuestionStatus::Proposed);
        }

        // With exactly enough places left it is accepted, filling the offer.
        store.set_places_taken(offer_id, capacity - wanted).await.unwrap();
        store.accept_offer_proposal(&scope, proposal.proposal_id, "test").await.unwrap();
        assert_eq!(store.offer(offer_id).await.unwrap().places_taken, capacity);
    }

    async fn a_proposal_is_changed_before_deciding_and_every_change_is_checked_by_the_rules(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        let request = BundlingRequest { district_ids: vec![districts[0]], min_group: 3, max_group: 12 };
        let instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        let solution = bundle(&instance, &Settings::default());
        let why = explain(&instance, &solution);
        let run_id = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await.unwrap();
        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let group = run.proposals.iter().find(|p| p.kind == "new_group" && p.members.len() >= 4).expect("a new group of four or more").clone();
        let ids: Vec<i64> = group.members.iter().map(|m| m.question_id).collect();

        // Too small, a slot the venue does not offer, an unknown question: refused, nothing changed.
        let refused = store.change_proposal(&scope, group.proposal_id, &ProposalChange { members: ids[..2].to_vec(), venue_id: None, slot: Some("za-ochtend".into()) }, "test").await.unwrap();
        let ChangeOutcome::Refused(problems) = refused else { panic!("refused") };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"members") && fields.contains(&"slot"), "{problems:?}");
        let unknown = store.change_proposal(&scope, group.proposal_id, &ProposalChange { members: [ids.clone(), vec![999_999]].concat(), ..ProposalChange::default() }, "test").await.unwrap();
        assert!(matches!(&unknown, ChangeOutcome::Refused(p) if p.iter().any(|p| p.field == "add" && p.code == ProblemCode::Unknown && p.arg("reference") == Some(reference::encode(999_999).as_str()))), "{unknown:?}");
        let unchanged = store.bundling_run(&scope, run_id, "test").await.unwrap();
        assert_eq!(unchanged.proposals.iter().find(|p| p.proposal_id == group.proposal_id).unwrap().members.len(), ids.len());

        // An unplaced question that does not fit is refused with the reason.
        if let Some(misfit) = run.unplaced.iter().find(|u| u.reason == "individual_only") {
            let added = store.change_proposal(&scope, group.proposal_id, &ProposalChange { members: [ids.clone(), vec![misfit.question_id]].concat(), ..ProposalChange::default() }, "test").await.unwrap();
            assert!(matches!(&added, ChangeOutcome::Refused(p) if p.iter().any(|p| p.code == ProblemCode::NotPartOf && p.arg("reason") == Some("individual_only"))), "{added:?}");
        }

        // Removing one member is fine: it goes back to open, with a history line.
        let removed = ids[ids.len() - 1];
        let saved = store.change_proposal(&scope, group.proposal_id, &ProposalChange { members: ids[..ids.len() - 1].to_vec(), ..ProposalChange::default() }, "test").await.unwrap();
        assert_eq!(saved, ChangeOutcome::Saved);
        let question = store.question(&scope, removed, "test").await.unwrap();
        assert_eq!(question.status, kring_core::question::QuestionStatus::Open);
        assert!(question.history.iter().any(|e| e.reason.as_deref().is_some_and(|r| r.contains("uit voorstel"))));
        // And back in again.
        let again = store.change_proposal(&scope, group.proposal_id, &ProposalChange { members: ids.clone(), ..ProposalChange::default() }, "test").await.unwrap();
        assert_eq!(again, ChangeOutcome::Saved);
        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let changed = run.proposals.iter().find(|p| p.proposal_id == group.proposal_id).unwrap();
        assert_eq!(changed.members.len(), ids.len());
        assert!(changed.members.iter().any(|m| m.question_id == removed && m.explanation.starts_with("Toegevoegd")));
        // Decided proposals do not change.
        store.reject_proposal(&scope, group.proposal_id, "past niet", "test").await.unwrap();
        let late = store.change_proposal(&scope, group.proposal_id, &ProposalChange { members: ids, ..ProposalChange::default() }, "test").await;
        assert!(matches!(late, Err(StoreError::Conflict(_))));
    }
}

/// A run over Voorstad and one of its new groups with at least three members.
async fn new_group(
    store: &Store,
    scope: &AccessScope,
    district: i64,
) -> kring_store::bundling::Proposal {
    let request = BundlingRequest {
        district_ids: vec![district],
        min_group: 3,
        max_group: 12,
    };
    let instance = store
        .bundling_instance(scope, &request, "test")
        .await
        .unwrap();
    let solution = bundle(&instance, &Settings::default());
    let why = explain(&instance, &solution);
    let run_id = store
        .save_bundling_run(scope, &request, &instance, &solution, &why, "test")
        .await
        .unwrap();
    let run = store.bundling_run(scope, run_id, "test").await.unwrap();
    run.proposals
        .into_iter()
        .find(|p| p.kind == "new_group" && p.members.len() >= 3)
        .expect("a new group of three or more")
}

/// The collective form for a proposal: its theme, language and venue, weekly from tomorrow.
fn founding_form(
    proposal: &kring_store::bundling::Proposal,
    name: &str,
    capacity: i64,
) -> kring_core::collective::CollectiveFields {
    let known: Vec<ThemeCode> = DEFAULT_THEMES
        .iter()
        .map(|t| ThemeCode::parse(t.code).unwrap())
        .collect();
    let first = kring_store::today().add_days(1).unwrap();
    kring_core::collective::CollectiveForm {
        name: name.into(),
        motto: "Samen".into(),
        colour: "teal".into(),
        purpose: "Elkaar helpen".into(),
        themes: vec![proposal.theme.clone()],
        district: "WK999901".into(),
        venue_id: proposal.venue_id.map(|v| v.to_string()).unwrap_or_default(),
        capacity: capacity.to_string(),
        languages: vec![proposal.language.clone()],
        first_date: first.to_string(),
        start: "14:00".into(),
        end: "15:30".into(),
        repeat: "weekly".into(),
        until: first.add_days(70).unwrap().to_string(),
        ..Default::default()
    }
    .check(&known)
    .unwrap()
}

on_every_backend! {
    async fn undecided_proposals_expire_after_the_set_days_and_their_questions_reopen(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        // The municipality shortened the expiry from 14 to 10 days.
        store.save_terms(kring_core::terms::Terms::parse("5", "10").unwrap()).await.unwrap();
        let request = BundlingRequest { district_ids: vec![districts[0]], min_group: 3, max_group: 12 };
        let instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        let solution = bundle(&instance, &Settings::default());
        let why = explain(&instance, &solution);
        let run_id = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await.unwrap();
        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        assert!(run.proposals.iter().all(|p| p.status == "open"), "a fresh run is open");
        let decided = run.proposals[0].proposal_id;
        store.reject_proposal(&scope, decided, "kennen elkaar al", "test").await.unwrap();

        // Nine days on nothing changes; ten days after the run every undecided one expires.
        let created = run.created_at;
        assert_eq!(store.expire_proposals(created + 9 * 86_400).await.unwrap(), 0);
        let open = run.proposals.len() as u64 - 1;
        assert_eq!(store.expire_proposals(created + 10 * 86_400).await.unwrap(), open);
        assert_eq!(store.expire_proposals(created + 15 * 86_400).await.unwrap(), 0, "once");
        let after = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let first = after.proposals.iter().find(|p| p.proposal_id == decided).unwrap();
        assert_eq!(first.status, "rejected", "a decision stays");
        let expired = after.proposals.iter().find(|p| p.proposal_id != decided).unwrap();
        assert_eq!(expired.status, "expired");
        let question = store.question(&scope, expired.members[0].question_id, "test").await.unwrap();
        assert_eq!(question.status.code(), "open");
        let line = question.history.last().unwrap();
        assert_eq!(line.reason.as_deref(), Some(format!("voorstel {} verlopen: 10 dagen zonder besluit", expired.proposal_id).as_str()));

        // Deciding on it afterwards is a conflict that says why, and changes nothing.
        let late = store.reject_proposal(&scope, expired.proposal_id, "te laat", "test").await;
        assert!(matches!(late, Err(StoreError::Conflict("proposal_expired"))), "{late:?}");
        let late = store.accept_offer_proposal(&scope, expired.proposal_id, "test").await;
        assert!(matches!(late, Err(StoreError::Conflict("proposal_expired"))), "{late:?}");
        // The questions are open again, so the next run can place them.
        let again = store.bundling_instance(&scope, &request, "test").await.unwrap();
        assert!(again.questions.iter().any(|q| q.id == expired.members[0].question_id.to_string()));
    }

    async fn founding_a_collective_from_a_proposal_is_all_or_nothing(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        let proposal = new_group(&store, &scope, districts[0]).await;
        let collectives_before = store.collectives(&scope, &Default::default()).await.unwrap().len();
        let status = |id: i64| {
            let (store, scope) = (store.clone(), scope.clone());
            async move { store.question(&scope, id, "test").await.unwrap().status.code() }
        };
        let nothing_stored = |why: &'static str| {
            let (store, scope, proposal) = (store.clone(), scope.clone(), proposal.clone());
            async move {
                let collectives = store.collectives(&scope, &Default::default()).await.unwrap();
                assert_eq!(collectives.len(), collectives_before, "{why}: no collective");
                assert!(!collectives.iter().any(|c| c.name == "De Volhouders"), "{why}");
                let (_, still) = store.bundling_proposal(&scope, proposal.proposal_id, "test").await.unwrap();
                assert_eq!(still.status, "open", "{why}: the proposal is still open");
                assert_eq!(still.collective_id, None, "{why}");
            }
        };

        // Too small for its members: refused at the capacity, nothing stored.
        let small = store.found_collective_from_proposal(&scope, proposal.proposal_id, &founding_form(&proposal, "De Volhouders", 2), &BTreeSet::new(), "test").await;
        assert!(matches!(&small, Err(StoreError::Problem(p)) if p.field == "capacity" && p.arg("count").is_some()), "{small:?}");
        nothing_stored("capacity").await;

        // One member's question was closed meanwhile: that join fails, so none happens.
        let closed = proposal.members[1].question_id;
        store.execute_script_for_tests(&format!("update question set status = 'closed' where question_id = {closed}")).await.unwrap();
        let refused = store.found_collective_from_proposal(&scope, proposal.proposal_id, &founding_form(&proposal, "De Volhouders", 12), &BTreeSet::new(), "test").await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("{refused:?}") };
        assert_eq!(problem.field, "members");
        assert_eq!(problem.arg("question"), Some(proposal.members[1].reference_code.as_str()), "names the question: {problem}");
        nothing_stored("a join failed").await;
        for (i, member) in proposal.members.iter().enumerate() {
            let expected = if i == 1 { "closed" } else { "proposed" };
            assert_eq!(status(member.question_id).await, expected, "nobody joined");
        }

        // Back to proposed, the founding goes through whole.
        store.execute_script_for_tests(&format!("update question set status = 'proposed' where question_id = {closed}")).await.unwrap();
        let id = store.found_collective_from_proposal(&scope, proposal.proposal_id, &founding_form(&proposal, "De Volhouders", 12), &BTreeSet::new(), "test").await.unwrap();
        let collective = store.collective(&scope, id).await.unwrap();
        assert_eq!(collective.status.as_str(), "forming");
        assert_eq!(collective.members_now as usize, proposal.members.len());
        assert_eq!(collective.languages, vec![proposal.language.clone()]);
        assert_eq!(collective.venue_id, proposal.venue_id);
        for member in &proposal.members {
            assert_eq!(status(member.question_id).await, "in_collective");
        }
        let (_, decided) = store.bundling_proposal(&scope, proposal.proposal_id, "test").await.unwrap();
        assert_eq!((decided.status.as_str(), decided.collective_id), ("accepted", Some(id)));
        let history = store.collective_history(&scope, id).await.unwrap();
        assert_eq!(history.last().unwrap().reason, format!("uit bundelvoorstel {}", proposal.proposal_id));
        // Deciding twice is refused and adds nothing.
        let twice = store.found_collective_from_proposal(&scope, proposal.proposal_id, &founding_form(&proposal, "De Tweede", 12), &BTreeSet::new(), "test").await;
        assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
        assert_eq!(store.collectives(&scope, &Default::default()).await.unwrap().len(), collectives_before + 1);
    }

    async fn a_resident_with_two_questions_in_a_proposal_joins_once_and_the_other_goes_back_to_open(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        let proposal = new_group(&store, &scope, districts[0]).await;
        // The second member's question becomes a second question of the first member's resident.
        let (first, second) = (proposal.members[0].question_id, proposal.members[1].question_id);
        store
            .execute_script_for_tests(&format!(
                "update question set resident_id = (select resident_id from question where question_id = {first}) where question_id = {second}"
            ))
            .await
            .unwrap();
        let id = store.found_collective_from_proposal(&scope, proposal.proposal_id, &founding_form(&proposal, "De Dubbelaars", 12), &BTreeSet::new(), "test").await.unwrap();
        let members = store.members(&scope, id, "test").await.unwrap().members;
        assert_eq!(members.len(), proposal.members.len() - 1, "the resident joined once");
        assert!(members.iter().any(|m| m.question_id == Some(first)));
        let joined = store.question(&scope, first, "test").await.unwrap();
        assert_eq!(joined.status.code(), "in_collective");
        let other = store.question(&scope, second, "test").await.unwrap();
        assert_eq!(other.status.code(), "open", "not left proposed");
        let line = other.history.last().unwrap().reason.clone().unwrap_or_default();
        assert!(line.contains("De Dubbelaars") && line.contains(&proposal.members[0].reference_code), "{line}");
    }
}

on_every_backend! {
    async fn learners_of_dutch_with_different_home_languages_are_proposed_one_dutch_group(store: Store) {
        let (scope, districts) = demo_professional(&store).await;
        let request = BundlingRequest { district_ids: vec![districts[0]], min_group: 3, max_group: 12 };
        let instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        // The default themes: `taal` (learning Dutch) meets in Dutch.
        assert_eq!(instance.params.group_language.get("taal").map(String::as_str), Some("nl"));
        let at = instance.groups.iter().find(|g| g.id.starts_with("collective-")).expect("a Voorstad collective").clone();
        let venue = store.venue(at.venue[1..].parse().unwrap()).await.unwrap();
        let known: Vec<ThemeCode> = DEFAULT_THEMES.iter().map(|t| ThemeCode::parse(t.code).unwrap()).collect();
        let mut ids = Vec::new();
        for (name, language) in [("Amal", "ar"), ("Emre", "tr"), ("Oksana", "uk")] {
            let new = validate(
                &QuestionInput {
                    name: name.into(),
                    postcode: venue.postcode.clone().unwrap(),
                    languages: vec![language.into()],
                    text: "Ik wil beter Nederlands leren spreken".into(),
                    themes: vec!["taal".into()],
                    availability: vec!["di-ochtend".into()],
                    max_travel_m: "fiets".into(),
                    ..QuestionInput::default()
                },
                &Rules { known_themes: &known, today: kring_store::today(), require_contact: false, require_individual_reason: true },
            )
            .unwrap();
            ids.push(store.create_question(Actor::System, &new, Source::Intake, None, "test").await.unwrap().question_id.to_string());
        }
        // Only these three, and no running group to join: a new group or nothing.
        let mut instance = store.bundling_instance(&scope, &request, "test").await.unwrap();
        instance.questions.retain(|q| ids.contains(&q.id));
        instance.groups.clear();
        assert_eq!(instance.questions.len(), 3);
        let solution = bundle(&instance, &Settings::default());
        assert_eq!(solution.groups.len(), 1, "{solution:?}");
        assert_eq!(solution.groups[0].theme, "taal");
        assert_eq!(solution.groups[0].language, "nl");
        assert_eq!(solution.groups[0].members, ids);

        let mut split = instance.clone();
        split.params.group_language.clear();
        assert!(bundle(&split, &Settings::default()).groups.is_empty(), "split by home language, nobody has company");

        let why = explain(&instance, &solution);
        let run_id = store.save_bundling_run(&scope, &request, &instance, &solution, &why, "test").await.unwrap();
        let run = store.bundling_run(&scope, run_id, "test").await.unwrap();
        let proposal = &run.proposals[0];
        assert!(proposal.group_language && proposal.language == "nl", "{proposal:?}");
        let languages: Vec<&str> = proposal.members.iter().flat_map(|m| m.languages.iter().map(String::as_str)).collect();
        assert_eq!(languages, ["ar", "tr", "uk"]);
        assert!(proposal.members[0].explanation.contains("voertaal Nederlands"), "{}", proposal.members[0].explanation);
    }
}
