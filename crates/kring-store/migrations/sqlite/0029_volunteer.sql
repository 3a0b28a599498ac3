-- Meedoen: residents who offer time and skills (no account, with consent), the volunteer
-- roles organisations post on their offers and collectives, the matches a coordinator makes
-- between them with a history, and the volunteer hours given per month.
create table volunteer_offer (
    volunteer_offer_id integer primary key,
    first_name text not null,
    phone text,
    email text,
    postcode text not null,
    neighbourhood_id bigint not null
        constraint volunteer_offer_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    district_id bigint not null
        constraint volunteer_offer_district_fkey references district (district_id),
    x double precision not null,
    y double precision not null,
    availability bigint not null,
    skills text not null default '',
    note text not null default '',
    language text not null default 'nl',
    consent_at bigint not null,
    status text not null default 'open',
    created_at bigint not null,
    updated_at bigint not null
);
create index volunteer_offer_district_idx on volunteer_offer (district_id, status);

create table volunteer_role (
    volunteer_role_id integer primary key,
    offer_id bigint
        constraint volunteer_role_offer_fkey references offer (offer_id) on delete cascade,
    collective_id bigint
        constraint volunteer_role_collective_fkey references collective (collective_id) on delete cascade,
    title text not null,
    skill text,
    slots bigint not null,
    people bigint not null,
    status text not null default 'open',
    created_by_account_id bigint
        constraint volunteer_role_created_by_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint volunteer_role_owner_check check ((offer_id is null) <> (collective_id is null))
);
create index volunteer_role_offer_idx on volunteer_role (offer_id);
create index volunteer_role_collective_idx on volunteer_role (collective_id);

create table volunteer_match (
    volunteer_match_id integer primary key,
    volunteer_offer_id bigint not null
        constraint volunteer_match_offer_fkey references volunteer_offer (volunteer_offer_id) on delete cascade,
    volunteer_role_id bigint not null
        constraint volunteer_match_role_fkey references volunteer_role (volunteer_role_id) on delete cascade,
    status text not null default 'proposed',
    note text not null default '',
    distance_m bigint,
    created_by_account_id bigint
        constraint volunteer_match_created_by_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint volunteer_match_pair_key unique (volunteer_offer_id, volunteer_role_id)
);
create index volunteer_match_role_idx on volunteer_match (volunteer_role_id);

create table volunteer_match_event (
    volunteer_match_event_id integer primary key,
    volunteer_match_id bigint not null
        constraint volunteer_match_event_match_fkey references volunteer_match (volunteer_match_id) on delete cascade,
    status text not null,
    note text not null default '',
    account_id bigint
        constraint volunteer_match_event_account_fkey references account (account_id) on delete set null,
    created_at bigint not null
);
create index volunteer_match_event_match_idx on volunteer_match_event (volunteer_match_id);

create table volunteer_hours (
    volunteer_hours_id integer primary key,
    -- Kept when the volunteer's offer of time is erased: the hours still count.
    volunteer_match_id bigint
        constraint volunteer_hours_match_fkey references volunteer_match (volunteer_match_id) on delete set null,
    month text not null,
    minutes bigint not null,
    district_id bigint not null
        constraint volunteer_hours_district_fkey references district (district_id),
    account_id bigint
        constraint volunteer_hours_account_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint volunteer_hours_month_key unique (volunteer_match_id, month)
);
create index volunteer_hours_district_idx on volunteer_hours (district_id, month);
