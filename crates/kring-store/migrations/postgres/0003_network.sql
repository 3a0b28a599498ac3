-- The network and its open offer: organisations (extended from the foundation's name-only
-- record), the districts they work in, venues (ontmoetingsplekken), offers (collectief aanbod)
-- with their hosts, themes, languages, schedule exceptions and generated sessions.
-- Dates are ISO text (2026-11-23), times of day HH:MM text in Europe/Amsterdam, instants unix
-- seconds; money in euro cents; booleans 0/1 bigints. `external_id` is the key CSV imports
-- use to refer to rows of another file; it is unique per table when set.

alter table organisation add column external_id text;
alter table organisation add column kind text not null default 'other';
alter table organisation add column description text not null default '';
alter table organisation add column phone text not null default '';
alter table organisation add column email text not null default '';
alter table organisation add column website text not null default '';
create unique index organisation_external_id_key on organisation (external_id);

create table organisation_district (
    organisation_id bigint not null
        constraint organisation_district_organisation_fkey references organisation (organisation_id) on delete cascade,
    district_id bigint not null
        constraint organisation_district_district_fkey references district (district_id),
    constraint organisation_district_pkey primary key (organisation_id, district_id)
);

create table venue (
    venue_id bigint generated always as identity primary key,
    external_id text constraint venue_external_id_key unique,
    name text not null,
    kind text not null,
    organisation_id bigint
        constraint venue_organisation_fkey references organisation (organisation_id) on delete set null,
    address text not null default '',
    postcode text,
    city text not null default '',
    neighbourhood_id bigint
        constraint venue_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    x double precision,
    y double precision,
    online_url text not null default '',
    capacity bigint,
    step_free bigint not null default 0,
    accessible_toilet bigint not null default 0,
    hearing_loop bigint not null default 0,
    opening_hours text not null default '',
    hourly_rate_cents bigint,
    description text not null default '',
    created_at bigint not null,
    updated_at bigint not null,
    constraint venue_name_key unique (name),
    constraint venue_name_check check (name <> ''),
    constraint venue_capacity_check check (capacity is null or capacity >= 0),
    constraint venue_hourly_rate_check check (hourly_rate_cents is null or hourly_rate_cents >= 0)
);
create index venue_neighbourhood_idx on venue (neighbourhood_id);

create table offer (
    offer_id bigint generated always as identity primary key,
    external_id text constraint offer_external_id_key unique,
    title text not null,
    description text not null default '',
    target_group text not null default '',
    venue_id bigint
        constraint offer_venue_fkey references venue (venue_id),
    first_date text not null,
    start_time text not null,
    end_time text not null,
    rrule text,
    cost_cents bigint not null default 0,
    capacity bigint,
    places_taken bigint not null default 0,
    walk_in bigint not null default 1,
    contact text not null default '',
    created_at bigint not null,
    updated_at bigint not null,
    constraint offer_title_check check (title <> ''),
    constraint offer_time_check check (end_time > start_time),
    constraint offer_cost_check check (cost_cents >= 0),
    constraint offer_capacity_check check (capacity is null or capacity >= 0),
    constraint offer_places_taken_check check (places_taken >= 0)
);
create index offer_venue_idx on offer (venue_id);

create table offer_organisation (
    offer_id bigint not null
        constraint offer_organisation_offer_fkey references offer (offer_id) on delete cascade,
    organisation_id bigint not null
        constraint offer_organisation_organisation_fkey references organisation (organisation_id),
    constraint offer_organisation_pkey primary key (offer_id, organisation_id)
);
create index offer_organisation_organisation_idx on offer_organisation (organisation_id);

create table offer_theme (
    offer_id bigint not null
        constraint offer_theme_offer_fkey references offer (offer_id) on delete cascade,
    theme_code text not null
        constraint offer_theme_theme_fkey references theme (code),
    constraint offer_theme_pkey primary key (offer_id, theme_code)
);

create table offer_language (
    offer_id bigint not null
        constraint offer_language_offer_fkey references offer (offer_id) on delete cascade,
    language_code text not null,
    constraint offer_language_pkey primary key (offer_id, language_code)
);

create table offer_exception (
    offer_id bigint not null
        constraint offer_exception_offer_fkey references offer (offer_id) on delete cascade,
    exception_date text not null,
    constraint offer_exception_pkey primary key (offer_id, exception_date)
);

create table offer_session (
    offer_session_id bigint generated always as identity primary key,
    offer_id bigint not null
        constraint offer_session_offer_fkey references offer (offer_id) on delete cascade,
    session_date text not null,
    starts_at bigint not null,
    ends_at bigint not null,
    status text not null default 'scheduled',
    moved_starts_at bigint,
    moved_ends_at bigint,
    attendance_count bigint,
    note text not null default '',
    created_at bigint not null,
    updated_at bigint not null,
    constraint offer_session_date_key unique (offer_id, session_date),
    constraint offer_session_status_check check (status in ('scheduled', 'cancelled', 'moved')),
    constraint offer_session_attendance_check check (attendance_count is null or attendance_count >= 0),
    constraint offer_session_moved_check check (moved_ends_at is null or moved_ends_at > moved_starts_at)
);
create index offer_session_starts_idx on offer_session (starts_at);
