//! Running the bundling engine for a professional, shared by the proposals page and the API:
//! check the request, build the instance from the store, run the pure engine on a blocking
//! thread (it is CPU-bound), and store the run with its proposals.

use crate::AppState;
use crate::error::{AppError, FieldErrors};
use kring_core::access::{AccessScope, Action};
use kring_store::bundling::BundlingRequest;
use kring_store::{Store, StoreError};
use std::time::Duration;

/// Group sizes a professional may ask for.
pub const GROUP_SIZES: std::ops::RangeInclusive<i64> = 1..=50;
/// The engine's safety stop for a run started from a page or the API.
const TIME_LIMIT: Duration = Duration::from_secs(20);
/// How many changes the run page advises, and the safety stop of each re-run that verifies one.
const ADVICE: usize = 5;
const ADVICE_TIME_LIMIT: Duration = Duration::from_secs(2);

/// The districts `scope` works in, as (id, code, name), in code order.
pub async fn own_districts(
    store: &Store,
    scope: &AccessScope,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(store
        .districts()
        .await?
        .into_iter()
        .filter(|d| scope.allows(Action::WorkInDistrict(d.district_id)))
        .map(|d| (d.district_id, d.code, d.name))
        .collect())
}

/// Checks district codes and group sizes; each refused field is named, in `lang`.
pub fn check_request(
    lang: crate::i18n::Lang,
    own: &[(i64, String, String)],
    codes: &[String],
    min_group: Option<i64>,
    max_group: Option<i64>,
) -> Result<BundlingRequest, FieldErrors> {
    use kring_core::problem::{FieldProblem, ProblemCode};
    let mut errors = FieldErrors::default();
    let mut refuse = |problem: FieldProblem| {
        let mut problem = problem;
        problem.form = Some("bundling");
        errors.add_problem(lang, &problem);
    };
    let mut district_ids = Vec::new();
    if codes.is_empty() {
        refuse(FieldProblem::new("districts", ProblemCode::Required));
    }
    for code in codes {
        match own.iter().find(|(_, c, _)| c == code) {
            Some((id, ..)) => district_ids.push(*id),
            None => refuse(
                FieldProblem::new("districts", ProblemCode::OtherDistrict).with("code", code),
            ),
        }
    }
    let size = |value: Option<i64>| value.filter(|v| GROUP_SIZES.contains(v));
    let (min, max) = (size(min_group), size(max_group));
    let out_of_range = |field: &str| {
        FieldProblem::new(field, ProblemCode::OutOfRange)
            .with("min", GROUP_SIZES.start())
            .with("max", GROUP_SIZES.end())
    };
    if min.is_none() {
        refuse(out_of_range("min_group"));
    }
    if max.is_none() {
        refuse(out_of_range("max_group"));
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        refuse(FieldProblem::new("max_group", ProblemCode::Invalid));
    }
    match (min, max) {
        (Some(min_group), Some(max_group)) if errors.is_empty() => {
            district_ids.sort_unstable();
            district_ids.dedup();
            Ok(BundlingRequest {
                district_ids,
                min_group,
                max_group,
            })
        }
        _ => Err(errors),
    }
}

/// Builds the instance with the still-open proposals of the districts, runs the engine from
/// them (or from nothing when `replan`: plan everything again) and stores the run, which
/// replaces those proposals; returns the run's id.
pub async fn run(
    state: &AppState,
    scope: &AccessScope,
    request: &BundlingRequest,
    replan: bool,
    route: &str,
) -> Result<i64, AppError> {
    let start = state
        .store
        .bundling_start(scope, request, replan, route)
        .await?;
    let (start, solution, explanations, advice) = tokio::task::spawn_blocking(move || {
        let settings = kring_bundling::Settings {
            time_limit: Some(TIME_LIMIT),
            threads: 0,
            seed: 0,
        };
        let (solution, _repaired) =
            kring_bundling::bundle_from(&start.instance, &settings, start.previous());
        let explanations = kring_bundling::explain(&start.instance, &solution);
        let advice = kring_bundling::advise(
            &start.instance,
            &solution,
            ADVICE,
            &kring_bundling::Settings {
                time_limit: Some(ADVICE_TIME_LIMIT),
                ..settings
            },
        );
        (start, solution, explanations, advice)
    })
    .await
    .map_err(|e| AppError::Internal(format!("bundling task: {e}")))?;
    Ok(state
        .store
        .save_bundling_rerun(
            scope,
            request,
            &start,
            &solution,
            &explanations,
            &advice,
            route,
        )
        .await?)
}

/// A refused acceptance as the caller reads it: a new group without its collective, or an
/// offer without room for the proposal, is a conflict (409) said in `lang`; anything else as
/// usual.
pub fn acceptance_refusal(lang: crate::i18n::Lang, error: StoreError) -> AppError {
    match error {
        StoreError::Problem(problem)
            if problem.form == Some("proposal")
                && matches!(
                    problem.code,
                    kring_core::problem::ProblemCode::Required
                        | kring_core::problem::ProblemCode::Taken
                ) =>
        {
            AppError::Conflict(lang.problem(&problem))
        }
        other => other.into(),
    }
}
