-- The network meeting (issue 16): a network's meetings at its neutral venue, with a date and an
-- optional time, the agenda, the organisations that came (never persons), the decisions, and
-- the actions agreed: one lands on a step of the plan or is a task for one partner with a due
-- date. `public` puts a meeting still to come on the district page. Dates are ISO text, times
-- HH:MM, instants unix seconds.

create table network_meeting (
    network_meeting_id integer primary key,
    network_id bigint not null
        constraint network_meeting_network_fkey references network (network_id) on delete cascade,
    held_on text not null,
    starts_at text,
    venue_id bigint
        constraint network_meeting_venue_fkey references venue (venue_id) on delete set null,
    agenda text not null default '',
    decisions text not null default '',
    public bigint not null default 0,
    created_by bigint
        constraint network_meeting_created_by_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null
);
create index network_meeting_network_idx on network_meeting (network_id, held_on);

create table network_meeting_attendance (
    network_meeting_id bigint not null
        constraint network_meeting_attendance_meeting_fkey references network_meeting (network_meeting_id) on delete cascade,
    organisation_id bigint not null
        constraint network_meeting_attendance_organisation_fkey references organisation (organisation_id),
    constraint network_meeting_attendance_pkey primary key (network_meeting_id, organisation_id)
);

create table network_meeting_action (
    network_meeting_action_id integer primary key,
    network_meeting_id bigint not null
        constraint network_meeting_action_meeting_fkey references network_meeting (network_meeting_id) on delete cascade,
    description text not null,
    network_step_id bigint
        constraint network_meeting_action_step_fkey references network_step (network_step_id) on delete set null,
    owner_organisation_id bigint
        constraint network_meeting_action_owner_fkey references organisation (organisation_id) on delete set null,
    due_on text,
    done bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null,
    constraint network_meeting_action_description_check check (description <> '')
);
create index network_meeting_action_meeting_idx on network_meeting_action (network_meeting_id);
