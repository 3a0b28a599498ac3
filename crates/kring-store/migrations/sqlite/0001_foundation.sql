-- Foundation: areas, organisations, staff accounts, sessions, API tokens, audit log, settings.
-- Instants are unix seconds (bigint); ids are integers; booleans are 0/1.

create table municipality (
    municipality_id integer primary key,
    code text not null,
    name text not null,
    year bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint municipality_code_year_key unique (code, year),
    constraint municipality_name_check check (name <> '')
);

create table district (
    district_id integer primary key,
    municipality_id bigint not null
        constraint district_municipality_fkey references municipality (municipality_id),
    code text not null,
    name text not null,
    year bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint district_code_year_key unique (code, year),
    constraint district_name_check check (name <> '')
);

create table neighbourhood (
    neighbourhood_id integer primary key,
    district_id bigint not null
        constraint neighbourhood_district_fkey references district (district_id),
    code text not null,
    name text not null,
    year bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint neighbourhood_code_year_key unique (code, year),
    constraint neighbourhood_name_check check (name <> '')
);

create table postcode (
    postcode_id integer primary key,
    postcode text not null constraint postcode_postcode_key unique,
    neighbourhood_id bigint not null
        constraint postcode_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    x double precision not null,
    y double precision not null,
    created_at bigint not null,
    updated_at bigint not null
);

create table organisation (
    organisation_id integer primary key,
    name text not null constraint organisation_name_key unique,
    created_at bigint not null,
    updated_at bigint not null
);

create table account (
    account_id integer primary key,
    email text not null constraint account_email_key unique,
    display_name text not null,
    role text not null,
    organisation_id bigint
        constraint account_organisation_fkey references organisation (organisation_id),
    all_districts bigint not null default 0,
    password_hash text not null,
    failed_logins bigint not null default 0,
    locked_at bigint,
    last_login_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);

create table account_district (
    account_id bigint not null
        constraint account_district_account_fkey references account (account_id) on delete cascade,
    district_id bigint not null
        constraint account_district_district_fkey references district (district_id),
    constraint account_district_pkey primary key (account_id, district_id)
);

create table session (
    session_id text primary key,
    account_id bigint not null
        constraint session_account_fkey references account (account_id) on delete cascade,
    csrf_token text not null,
    created_at bigint not null,
    last_seen_at bigint not null,
    expires_at bigint not null
);
create index session_account_idx on session (account_id);

create table api_token (
    api_token_id integer primary key,
    account_id bigint not null
        constraint api_token_account_fkey references account (account_id) on delete cascade,
    name text not null,
    token_hash text not null constraint api_token_hash_key unique,
    created_at bigint not null,
    last_used_at bigint,
    expires_at bigint,
    revoked_at bigint
);

create table audit_event (
    audit_event_id integer primary key,
    occurred_at bigint not null,
    account_id bigint,
    action text not null,
    record_type text not null,
    record_id text not null,
    route text not null,
    outcome text not null
);
create index audit_event_occurred_idx on audit_event (occurred_at);
create index audit_event_account_idx on audit_event (account_id);
create index audit_event_record_idx on audit_event (record_type, record_id);

create table setting (
    key text primary key,
    value text not null,
    updated_at bigint not null
);
