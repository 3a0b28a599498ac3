-- Stable re-runs: a new bundling run starts from the still-open proposals of its districts and
-- replaces them. A replaced proposal keeps status 'rejected' (nobody can decide on it any more)
-- with the run that replaced it and no one who decided; its questions went to the new run.
-- Each proposal of a run that replaced earlier ones says whether its group was kept, changed
-- or is new against them ('kept', 'changed', 'new'); the run keeps how many proposals it
-- replaced, whether everything was planned again, and how many questions it newly placed.
alter table proposal add column superseded_by bigint;
alter table proposal add column change_since text;
alter table bundling_run add column replaced_proposals bigint;
alter table bundling_run add column replanned bigint not null default 0;
alter table bundling_run add column newly_placed bigint;

-- Advice made with a run: the changes that would place the most of its unplaced questions
-- (`extra_slot`: the venue also opens at the slot; `extra_group`: one more group about the
-- theme in the language at the venue and slot), each with the number of questions a re-run
-- placed more, best first (`ordinal` from 1). Computed once when the run is made.
create table bundling_advice (
    bundling_run_id bigint not null
        constraint bundling_advice_run_fkey references bundling_run (bundling_run_id) on delete cascade,
    ordinal bigint not null,
    kind text not null,
    venue_id bigint
        constraint bundling_advice_venue_fkey references venue (venue_id) on delete set null,
    venue_name text not null,
    slot text not null,
    theme_code text,
    language text,
    places bigint not null,
    constraint bundling_advice_pkey primary key (bundling_run_id, ordinal),
    constraint bundling_advice_kind_check check (kind in ('extra_slot', 'extra_group'))
);
