-- Networks (issue 16): a network of equal organisations in a village or a set of districts and
-- neighbourhoods, with coordinators, a meeting place and a step plan that starts from an
-- editable template; and each organisation's reach per neighbourhood, set against the
-- neighbourhood's inhabitants (CBS), which the areas file may now carry with its source year.
-- Dates are ISO text (2026-11-23), instants unix seconds.

alter table neighbourhood add column inhabitants bigint;
alter table neighbourhood add column inhabitants_year bigint;

-- The step plan a new network starts from. A shipped step carries `step_key` (its label is
-- said in the reader's language); a step the municipality wrote or renamed carries `title`.
create table network_step_template (
    network_step_template_id integer primary key,
    position bigint not null,
    step_key text,
    title text not null default '',
    created_at bigint not null,
    updated_at bigint not null,
    constraint network_step_template_title_check check (step_key is not null or title <> '')
);

create table network (
    network_id integer primary key,
    name text not null constraint network_name_key unique,
    description text not null default '',
    venue_id bigint
        constraint network_venue_fkey references venue (venue_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint network_name_check check (name <> '')
);

create table network_district (
    network_id bigint not null
        constraint network_district_network_fkey references network (network_id) on delete cascade,
    district_id bigint not null
        constraint network_district_district_fkey references district (district_id),
    constraint network_district_pkey primary key (network_id, district_id)
);

create table network_neighbourhood (
    network_id bigint not null
        constraint network_neighbourhood_network_fkey references network (network_id) on delete cascade,
    neighbourhood_id bigint not null
        constraint network_neighbourhood_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    constraint network_neighbourhood_pkey primary key (network_id, neighbourhood_id)
);

create table network_coordinator (
    network_id bigint not null
        constraint network_coordinator_network_fkey references network (network_id) on delete cascade,
    account_id bigint not null
        constraint network_coordinator_account_fkey references account (account_id) on delete cascade,
    constraint network_coordinator_pkey primary key (network_id, account_id)
);

-- Members are equal: no chair, no rank. One who leaves keeps its row with `left_on`.
create table network_member (
    network_id bigint not null
        constraint network_member_network_fkey references network (network_id) on delete cascade,
    organisation_id bigint not null
        constraint network_member_organisation_fkey references organisation (organisation_id),
    joined_on text not null,
    left_on text,
    constraint network_member_pkey primary key (network_id, organisation_id)
);
create index network_member_organisation_idx on network_member (organisation_id);

-- A network's own steps, copied from the template when it starts. `version` rises with every
-- change, so a change made against an older version is refused instead of lost.
create table network_step (
    network_step_id integer primary key,
    network_id bigint not null
        constraint network_step_network_fkey references network (network_id) on delete cascade,
    position bigint not null,
    step_key text,
    title text not null default '',
    owner_organisation_id bigint
        constraint network_step_owner_fkey references organisation (organisation_id) on delete set null,
    due_on text,
    notes text not null default '',
    status text not null default 'todo',
    version bigint not null default 1,
    updated_by bigint
        constraint network_step_updated_by_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint network_step_status_check check (status in ('todo', 'doing', 'done')),
    constraint network_step_title_check check (step_key is not null or title <> '')
);
create index network_step_network_idx on network_step (network_id, position);

-- How many residents of a neighbourhood an organisation is in touch with: a count and a kind,
-- never persons; `channels` lists how it reaches them (`newsletter|noticeboard`).
create table organisation_reach (
    organisation_id bigint not null
        constraint organisation_reach_organisation_fkey references organisation (organisation_id) on delete cascade,
    neighbourhood_id bigint not null
        constraint organisation_reach_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    people bigint not null,
    kind text not null,
    channels text not null default '',
    updated_at bigint not null,
    constraint organisation_reach_pkey primary key (organisation_id, neighbourhood_id),
    constraint organisation_reach_people_check check (people >= 0)
);
create index organisation_reach_neighbourhood_idx on organisation_reach (neighbourhood_id);

insert into network_step_template (position, step_key, title, created_at, updated_at) values
    (1, 'explore', '', 0, 0),
    (2, 'kick_off', '', 0, 0),
    (3, 'inventory', '', 0, 0),
    (4, 'agreements', '', 0, 0),
    (5, 'coordinator', '', 0, 0),
    (6, 'meeting_place', '', 0, 0),
    (7, 'first_activities', '', 0, 0),
    (8, 'visible', '', 0, 0),
    (9, 'anchor', '', 0, 0);
