-- Residents and their help questions. Personal data lives in `resident` only, so it can be
-- exported, pseudonymised or erased without breaking the figures kept on `question`.
-- A question's reference code is derived from its id (kring_core::question::reference), so it
-- needs no column and can never collide.

create table resident (
    resident_id integer primary key,
    name text,
    phone text,
    email text,
    postcode text not null,
    house_number text,
    birth_year bigint,
    note text,
    created_at bigint not null,
    updated_at bigint not null
);

create table resident_language (
    resident_id bigint not null
        constraint resident_language_resident_fkey references resident (resident_id) on delete cascade,
    language text not null,
    constraint resident_language_pkey primary key (resident_id, language)
);

create table question (
    question_id integer primary key,
    resident_id bigint not null
        constraint question_resident_fkey references resident (resident_id),
    district_id bigint not null
        constraint question_district_fkey references district (district_id),
    neighbourhood_id bigint not null
        constraint question_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    x double precision not null,
    y double precision not null,
    text text not null,
    availability bigint not null,
    max_travel_m bigint not null,
    individual_only bigint not null default 0,
    individual_reason text,
    urgency text not null,
    source text not null,
    status text not null,
    outcome text,
    external_id text constraint question_external_id_key unique,
    form_token text constraint question_form_token_key unique,
    created_by bigint,
    created_at bigint not null,
    updated_at bigint not null,
    constraint question_text_check check (text <> ''),
    constraint question_reach_check check (max_travel_m between 100 and 50000),
    constraint question_availability_check check (availability > 0)
);
create index question_district_status_idx on question (district_id, status);
create index question_resident_idx on question (resident_id);

create table question_theme (
    question_id bigint not null
        constraint question_theme_question_fkey references question (question_id) on delete cascade,
    theme_code text not null
        constraint question_theme_theme_fkey references theme (code),
    constraint question_theme_pkey primary key (question_id, theme_code)
);
create index question_theme_code_idx on question_theme (theme_code);

-- The journey: every status change with who, when and why.
create table question_status_event (
    question_status_event_id integer primary key,
    question_id bigint not null
        constraint question_status_event_question_fkey references question (question_id) on delete cascade,
    from_status text,
    to_status text not null,
    reason text,
    outcome text,
    account_id bigint,
    occurred_at bigint not null
);
create index question_status_event_question_idx on question_status_event (question_id);
