-- Collectives (zorgsociëteiten): a standing group of residents in one district with an identity
-- (name, colour, motto), guides, walk-in times (a schedule like an offer's, with exceptions and
-- generated sessions), a status with history, and the members' journey: memberships with start
-- and end dates, a role and a leave reason, each step kept in `collective_member_event`.
-- Attendance is one row per member per session (upserted, so two guides saving at once do not
-- overwrite each other's marks) plus a count of walk-in guests and a note per session.
-- A venue may be deleted: the collective keeps its name in `venue_name` and the reference
-- becomes null, so no history is lost.

create table collective (
    collective_id integer primary key,
    name text not null,
    motto text not null default '',
    colour text not null,
    purpose text not null default '',
    district_id bigint not null
        constraint collective_district_fkey references district (district_id),
    venue_id bigint
        constraint collective_venue_fkey references venue (venue_id) on delete set null,
    venue_name text not null default '',
    online_url text not null default '',
    mode text not null,
    capacity bigint not null,
    status text not null default 'proposed',
    first_date text not null,
    start_time text not null,
    end_time text not null,
    rrule text,
    created_by bigint,
    created_at bigint not null,
    updated_at bigint not null,
    constraint collective_name_key unique (name),
    constraint collective_name_check check (name <> ''),
    constraint collective_capacity_check check (capacity >= 1),
    constraint collective_time_check check (end_time > start_time),
    constraint collective_mode_check check (mode in ('in_person', 'online', 'hybrid')),
    constraint collective_status_check
        check (status in ('proposed', 'forming', 'active', 'paused', 'ended'))
);
create index collective_district_idx on collective (district_id);

create table collective_theme (
    collective_id bigint not null
        constraint collective_theme_collective_fkey references collective (collective_id) on delete cascade,
    theme_code text not null
        constraint collective_theme_theme_fkey references theme (code),
    constraint collective_theme_pkey primary key (collective_id, theme_code)
);

create table collective_language (
    collective_id bigint not null
        constraint collective_language_collective_fkey references collective (collective_id) on delete cascade,
    language_code text not null,
    constraint collective_language_pkey primary key (collective_id, language_code)
);

create table collective_exception (
    collective_id bigint not null
        constraint collective_exception_collective_fkey references collective (collective_id) on delete cascade,
    exception_date text not null,
    constraint collective_exception_pkey primary key (collective_id, exception_date)
);

create table collective_status_event (
    collective_status_event_id integer primary key,
    collective_id bigint not null
        constraint collective_status_event_collective_fkey references collective (collective_id) on delete cascade,
    from_status text,
    to_status text not null,
    reason text not null default '',
    account_id bigint,
    occurred_at bigint not null
);
create index collective_status_event_collective_idx on collective_status_event (collective_id);

create table collective_guide (
    collective_id bigint not null
        constraint collective_guide_collective_fkey references collective (collective_id) on delete cascade,
    account_id bigint not null
        constraint collective_guide_account_fkey references account (account_id),
    constraint collective_guide_pkey primary key (collective_id, account_id)
);
create index collective_guide_account_idx on collective_guide (account_id);

create table collective_member (
    collective_member_id integer primary key,
    collective_id bigint not null
        constraint collective_member_collective_fkey references collective (collective_id) on delete cascade,
    resident_id bigint not null
        constraint collective_member_resident_fkey references resident (resident_id),
    question_id bigint
        constraint collective_member_question_fkey references question (question_id),
    role text not null,
    start_date text not null,
    end_date text,
    leave_reason text,
    created_at bigint not null,
    updated_at bigint not null,
    constraint collective_member_role_check check (role in ('participant', 'peer_expert', 'volunteer')),
    constraint collective_member_dates_check check (end_date is null or end_date >= start_date),
    constraint collective_member_leave_check check ((end_date is null) = (leave_reason is null))
);
-- One open membership per resident and collective; the store checks first, this guards races.
create unique index collective_member_open_key on collective_member (collective_id, resident_id)
    where end_date is null;
create index collective_member_collective_idx on collective_member (collective_id);

-- The journey step by step: joined, role changed, left.
create table collective_member_event (
    collective_member_event_id integer primary key,
    collective_member_id bigint not null
        constraint collective_member_event_member_fkey references collective_member (collective_member_id) on delete cascade,
    kind text not null,
    on_date text not null,
    role text,
    leave_reason text,
    account_id bigint,
    occurred_at bigint not null,
    constraint collective_member_event_kind_check check (kind in ('joined', 'role', 'left'))
);
create index collective_member_event_member_idx on collective_member_event (collective_member_id);

create table collective_session (
    collective_session_id integer primary key,
    collective_id bigint not null
        constraint collective_session_collective_fkey references collective (collective_id) on delete cascade,
    session_date text not null,
    starts_at bigint not null,
    ends_at bigint not null,
    status text not null default 'scheduled',
    moved_starts_at bigint,
    moved_ends_at bigint,
    -- 1 for a session a guide added outside the schedule: a new schedule keeps it.
    added bigint not null default 0,
    guests bigint not null default 0,
    note text not null default '',
    created_at bigint not null,
    updated_at bigint not null,
    constraint collective_session_date_key unique (collective_id, session_date),
    constraint collective_session_status_check check (status in ('scheduled', 'cancelled', 'moved')),
    constraint collective_session_guests_check check (guests >= 0),
    constraint collective_session_moved_check check (moved_ends_at is null or moved_ends_at > moved_starts_at)
);
create index collective_session_starts_idx on collective_session (starts_at);

create table collective_attendance (
    collective_session_id bigint not null
        constraint collective_attendance_session_fkey references collective_session (collective_session_id) on delete cascade,
    collective_member_id bigint not null
        constraint collective_attendance_member_fkey references collective_member (collective_member_id) on delete cascade,
    present bigint not null,
    account_id bigint,
    recorded_at bigint not null,
    constraint collective_attendance_pkey primary key (collective_session_id, collective_member_id)
);

-- Goals of the collective as a whole or of one member, with an indicator, a direction, a start
-- value and a target, and measurements over time.
create table collective_goal (
    collective_goal_id integer primary key,
    collective_id bigint not null
        constraint collective_goal_collective_fkey references collective (collective_id) on delete cascade,
    collective_member_id bigint
        constraint collective_goal_member_fkey references collective_member (collective_member_id) on delete cascade,
    title text not null,
    indicator text not null,
    direction text not null,
    start_value double precision not null,
    target double precision not null,
    account_id bigint,
    created_at bigint not null,
    constraint collective_goal_indicator_check check (indicator in ('count', 'score', 'yes_no')),
    constraint collective_goal_direction_check check (direction in ('up', 'down'))
);
create index collective_goal_collective_idx on collective_goal (collective_id);

create table collective_measurement (
    collective_measurement_id integer primary key,
    collective_goal_id bigint not null
        constraint collective_measurement_goal_fkey references collective_goal (collective_goal_id) on delete cascade,
    measured_on text not null,
    value double precision not null,
    note text not null default '',
    account_id bigint,
    created_at bigint not null
);
create index collective_measurement_goal_idx on collective_measurement (collective_goal_id, measured_on);
