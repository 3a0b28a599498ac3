-- The people around a resident, with their question: a relation and at most a first name
-- (never an address), whether they come along and need a seat of their own in a group
-- (the bundling instance's `companions`), whether they need support themselves, and for a
-- mantelzorger the EDIZ strain score (0 to 9). Erasing a person blanks the name and keeps
-- the row with `erased_at`, so a question made for them later can be refused.
create table network_person (
    network_person_id integer primary key,
    question_id bigint not null
        constraint network_person_question_fkey references question (question_id) on delete cascade,
    relation text not null,
    first_name text,
    comes_along bigint not null default 0,
    seat bigint not null default 0,
    needs_support bigint not null default 0,
    ediz_score bigint,
    erased_at bigint,
    created_at bigint not null,
    constraint network_person_ediz_check check (ediz_score is null or ediz_score between 0 and 9),
    constraint network_person_seat_check check (seat = 0 or comes_along = 1)
);
create index network_person_question_idx on network_person (question_id);

-- The appreciative question and what someone can give, asked at intake.
alter table question add column future_wish text;
alter table question add column give_other text;
create table question_skill (
    question_id bigint not null
        constraint question_skill_question_fkey references question (question_id) on delete cascade,
    skill_code text not null,
    constraint question_skill_pkey primary key (question_id, skill_code)
);
