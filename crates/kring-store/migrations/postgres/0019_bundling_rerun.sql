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
