-- Follow-up of a question: who owns it (an account of its district), the day it was received
-- (an import may bring an earlier intake date), the first contact that keeps the promise to
-- call within a number of working days, and every contact with the resident. Assignments are
-- kept as history lines.
alter table question add column assignee_id bigint
    constraint question_assignee_fkey references account (account_id);
alter table question add column received_on text;
alter table question add column first_contact_on text;
-- Questions from before this migration: the day of their intake (UTC + 1 hour; the exact
-- Amsterdam day matters only within an hour of midnight).
update question set received_on = date(created_at + 3600, 'unixepoch') where received_on is null;
create index question_assignee_idx on question (assignee_id);

create table question_contact (
    question_contact_id integer primary key,
    question_id bigint not null
        constraint question_contact_question_fkey references question (question_id) on delete cascade,
    kind text not null,
    reached bigint not null,
    contacted_on text not null,
    note text,
    account_id bigint,
    recorded_at bigint not null,
    constraint question_contact_kind_check check (kind in ('phone', 'visit', 'mail', 'message'))
);
create index question_contact_question_idx on question_contact (question_id);

create table question_assignment_event (
    question_assignment_event_id integer primary key,
    question_id bigint not null
        constraint question_assignment_event_question_fkey references question (question_id) on delete cascade,
    from_account_id bigint,
    to_account_id bigint,
    account_id bigint,
    occurred_at bigint not null
);
create index question_assignment_event_question_idx on question_assignment_event (question_id);
