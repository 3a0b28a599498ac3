-- Mutual help (onderlinge hulp) inside a collective: a member (or the guide for them) asks for
-- a small task on a day and part of day; other members offer; the guide assigns one helper
-- under the fairness rule of `kring_core::mutual_help` (never the requester, never a member on
-- a break, never over the collective's monthly limit); the task is then done or cancelled.
-- Who gave and who received stays on the request, so the give/receive balance of every member
-- is a count over this table. Requests are visible to the collective's guides only.

alter table collective add column help_monthly_limit bigint not null default 2
    constraint collective_help_limit_check check (help_monthly_limit between 1 and 31);
alter table collective_member add column help_break bigint not null default 0;

create table help_request (
    help_request_id integer primary key,
    collective_id bigint not null
        constraint help_request_collective_fkey references collective (collective_id) on delete cascade,
    requester_member_id bigint not null
        constraint help_request_requester_fkey references collective_member (collective_member_id) on delete cascade,
    kind text not null,
    what text not null,
    needed_on text not null,
    part_of_day text,
    duration_minutes bigint not null,
    status text not null default 'open',
    helper_member_id bigint
        constraint help_request_helper_fkey references collective_member (collective_member_id),
    assigned_by bigint,
    assigned_at bigint,
    closed_by bigint,
    closed_at bigint,
    created_by bigint,
    created_at bigint not null,
    updated_at bigint not null,
    constraint help_request_kind_check
        check (kind in ('boodschappen', 'vervoer', 'verhuizen', 'gezelschap', 'klusje', 'anders')),
    constraint help_request_part_check check (part_of_day is null or part_of_day in ('ochtend', 'middag', 'avond')),
    constraint help_request_duration_check check (duration_minutes between 5 and 1440),
    constraint help_request_status_check check (status in ('open', 'assigned', 'done', 'cancelled')),
    constraint help_request_helper_check
        check (status in ('open', 'cancelled') or helper_member_id is not null),
    constraint help_request_not_self_check
        check (helper_member_id is null or helper_member_id <> requester_member_id)
);
create index help_request_collective_idx on help_request (collective_id, status);
create index help_request_helper_idx on help_request (helper_member_id, needed_on);

-- Members who said they can help with a request.
create table help_offer (
    help_request_id bigint not null
        constraint help_offer_request_fkey references help_request (help_request_id) on delete cascade,
    collective_member_id bigint not null
        constraint help_offer_member_fkey references collective_member (collective_member_id) on delete cascade,
    recorded_by bigint,
    created_at bigint not null,
    constraint help_offer_pkey primary key (help_request_id, collective_member_id)
);
