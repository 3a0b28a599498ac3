-- Signals (signalering): a partner or staff member records a concern about a resident; the
-- district's team picks it up, makes contact and closes it with an outcome. Personal data
-- (name, description of the person, house number, free text) sits in nullable columns that
-- `anonymise_closed_signals` clears after the retention period; district, categories,
-- urgency, timestamps and outcome stay, so the figures survive.

create table signal (
    signal_id integer primary key,
    district_id bigint not null
        constraint signal_district_fkey references district (district_id),
    neighbourhood_id bigint not null
        constraint signal_neighbourhood_fkey references neighbourhood (neighbourhood_id),
    postcode text not null,
    house_number text,
    name text,
    person_description text,
    description text,
    urgency text not null,
    resident_informed text not null,
    status text not null,
    outcome text,
    question_id bigint
        constraint signal_question_fkey references question (question_id) on delete set null,
    sender_account_id bigint
        constraint signal_sender_fkey references account (account_id) on delete set null,
    sender_organisation_id bigint,
    picked_up_at bigint,
    picked_up_by bigint,
    contact_at bigint,
    closed_at bigint,
    anonymised_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index signal_district_status_idx on signal (district_id, status);
create index signal_sender_idx on signal (sender_account_id);

create table signal_category (
    signal_id bigint not null
        constraint signal_category_signal_fkey references signal (signal_id) on delete cascade,
    category text not null,
    constraint signal_category_pkey primary key (signal_id, category)
);

-- The journey: every status change with who and when.
create table signal_status_event (
    signal_status_event_id integer primary key,
    signal_id bigint not null
        constraint signal_status_event_signal_fkey references signal (signal_id) on delete cascade,
    from_status text,
    to_status text not null,
    outcome text,
    note text,
    account_id bigint,
    occurred_at bigint not null
);
create index signal_status_event_signal_idx on signal_status_event (signal_id);
