-- The value dashboard (meerwaarde). Members rate their collective anonymously: a score from 1
-- to 5 and a sentence, recorded by a guide, with no link to any resident, so a rating is never
-- personal data and erasing a resident leaves it alone. A story may name the collective it is
-- about. The dashboard's rates and suppression threshold are rows of `setting`
-- (`dashboard_guide_rate_cents`, `dashboard_professional_rate_cents`,
-- `dashboard_suppression_threshold`); every other figure is counted from rows that erasure
-- keeps (statuses, dates, districts, themes, attendance), so no counter table is needed.

create table collective_rating (
    collective_rating_id integer primary key,
    collective_id bigint not null
        constraint collective_rating_collective_fkey references collective (collective_id) on delete cascade,
    score bigint not null,
    sentence text not null default '',
    rated_on text not null,
    recorded_by bigint
        constraint collective_rating_recorded_by_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    constraint collective_rating_score_check check (score between 1 and 5)
);
create index collective_rating_collective_idx on collective_rating (collective_id, rated_on);

alter table story add column collective_id bigint
    constraint story_collective_fkey references collective (collective_id) on delete set null;
