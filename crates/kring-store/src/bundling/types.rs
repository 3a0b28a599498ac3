//! What a stored bundling run looks like to its readers: the list of runs, a run with its
//! proposals and members, and the unplaced questions.

use serde::Serialize;

/// One line in the list of runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    pub run_id: i64,
    pub account_name: String,
    pub district_codes: Vec<String>,
    pub questions: i64,
    pub placed: i64,
    pub created_at: i64,
    pub open_proposals: i64,
}

/// A stored run as a professional sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BundlingRun {
    pub run_id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub district_codes: Vec<String>,
    pub min_group: i64,
    pub max_group: i64,
    pub questions: i64,
    pub placed: i64,
    /// The engine's proven bound: no placement of these questions places more (absent for
    /// runs made before the engine gave one).
    pub placed_at_most: Option<i64>,
    pub created_at: i64,
    /// What changed against the open proposals this run replaced; absent when it replaced none.
    pub since_previous: Option<SincePrevious>,
    pub proposals: Vec<Proposal>,
    pub unplaced: Vec<UnplacedQuestion>,
    /// The changes that would place the most of the unplaced, best first, made with the run.
    pub advice: Vec<RunAdvice>,
}

/// A change that would place more of a run's unplaced questions, verified by a re-run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunAdvice {
    /// `extra_slot` (the venue also opens at `slot`) or `extra_group` (one more group about
    /// `theme` in `language` at the venue at `slot`).
    pub kind: String,
    pub venue_id: Option<i64>,
    pub venue_name: String,
    pub slot: String,
    pub theme: Option<String>,
    pub language: Option<String>,
    /// Questions it places on top of the run's.
    pub places: i64,
}

/// A run against the still-open proposals of its districts that it replaced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SincePrevious {
    /// Open proposals of earlier runs this run replaced.
    pub replaced: i64,
    /// Everything was planned again: the replaced proposals were not kept on purpose.
    pub replanned: bool,
    /// Proposals with the same group and members as a replaced one.
    pub kept: i64,
    /// Proposals for a replaced one's group with some of its members, but not the same.
    pub changed: i64,
    /// Proposals for a group no replaced proposal had.
    pub new: i64,
    /// Placed questions that were in none of the replaced proposals.
    pub newly_placed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub proposal_id: i64,
    /// `new_group`, or `offer` for places in a running group: the offer `offer_id`, or the
    /// collective `collective_id` when no offer is set.
    pub kind: String,
    pub venue_id: Option<i64>,
    pub venue_name: String,
    pub offer_id: Option<i64>,
    pub slot: String,
    pub theme: String,
    pub language: String,
    /// `open`, `accepted`, `rejected`, `expired` (undecided for the terms' proposal expiry,
    /// 14 days by default; its questions went back to `open`) or `superseded` (a later run of
    /// its districts replaced it while it was open).
    pub status: String,
    /// Against the proposals this run replaced: `kept`, `changed` or `new`; absent when the
    /// run replaced none.
    pub change: Option<String>,
    pub reason: Option<String>,
    /// The collective an accepted new group became, or the running collective of places.
    pub collective_id: Option<i64>,
    /// The offer's title or the collective's name, for places in a running group.
    pub target_name: Option<String>,
    /// The proposal's language is its theme's group language (`taal` meets in Dutch): the
    /// members' home languages did not split it; each member's are in `languages`.
    pub group_language: bool,
    pub members: Vec<ProposalMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalMember {
    pub question_id: i64,
    /// The question's themes besides the proposal's: what this member also asks about.
    pub other_themes: Vec<String>,
    pub reference_code: String,
    pub first_name: String,
    /// The resident's home languages (codes).
    pub languages: Vec<String>,
    pub distance_m: i64,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnplacedQuestion {
    pub question_id: i64,
    pub reference_code: String,
    pub reason: String,
    pub explanation: String,
}
