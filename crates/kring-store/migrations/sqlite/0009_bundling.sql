-- Bundling runs and their proposals. A run keeps who ran it, for which districts and with
-- which group sizes; each proposal (a new group, or places in a running offer) keeps its
-- members with their distance and the engine's explanation, and what was decided, by whom and
-- why. The questions of an open proposal have status 'proposed', so no run proposes them again.
create table bundling_run (
    bundling_run_id integer primary key,
    account_id bigint not null
        constraint bundling_run_account_fkey references account (account_id),
    districts text not null,
    min_group bigint not null,
    max_group bigint not null,
    questions bigint not null,
    placed bigint not null,
    created_at bigint not null,
    constraint bundling_run_group_check check (min_group >= 1 and max_group >= min_group)
);

create table proposal (
    proposal_id integer primary key,
    bundling_run_id bigint not null
        constraint proposal_run_fkey references bundling_run (bundling_run_id) on delete cascade,
    kind text not null,
    venue_id bigint
        constraint proposal_venue_fkey references venue (venue_id) on delete set null,
    venue_name text not null,
    offer_id bigint
        constraint proposal_offer_fkey references offer (offer_id) on delete set null,
    slot text not null,
    theme_code text not null,
    language text not null,
    status text not null default 'open',
    collective_id bigint
        constraint proposal_collective_fkey references collective (collective_id) on delete set null,
    decided_by bigint
        constraint proposal_decided_by_fkey references account (account_id),
    decided_at bigint,
    reason text,
    constraint proposal_kind_check check (kind in ('new_group', 'offer')),
    constraint proposal_status_check check (status in ('open', 'accepted', 'rejected'))
);
create index proposal_run_idx on proposal (bundling_run_id);

create table proposal_member (
    proposal_id bigint not null
        constraint proposal_member_proposal_fkey references proposal (proposal_id) on delete cascade,
    question_id bigint not null
        constraint proposal_member_question_fkey references question (question_id),
    distance_m bigint not null,
    explanation text not null,
    constraint proposal_member_pkey primary key (proposal_id, question_id)
);
create index proposal_member_question_idx on proposal_member (question_id);

create table bundling_unplaced (
    bundling_run_id bigint not null
        constraint bundling_unplaced_run_fkey references bundling_run (bundling_run_id) on delete cascade,
    question_id bigint not null
        constraint bundling_unplaced_question_fkey references question (question_id),
    reason text not null,
    explanation text not null,
    constraint bundling_unplaced_pkey primary key (bundling_run_id, question_id)
);
