-- Residents' own initiatives. A resident (first name and a phone or e-mail, nothing else) or a
-- partner organisation proposes one; it shows on the district page only once a coordinator
-- approved it (`approved_at`). `contact_key` and `title_key` find the same initiative posted
-- twice within a day. Converting it into an offer or a collective sets `offer_id` or
-- `collective_id` once; the sign-ups stay here and are shown with the new record.

create table initiative (
    initiative_id integer primary key,
    district_id bigint not null
        constraint initiative_district_fkey references district (district_id),
    title text not null,
    what text not null,
    for_whom text not null default '',
    place text not null default '',
    when_text text not null default '',
    postcode text not null default '',
    need_room bigint not null default 0,
    need_budget bigint not null default 0,
    need_people bigint not null default 0,
    needs text not null default '',
    max_sign_ups bigint,
    initiator_first_name text,
    initiator_phone text,
    initiator_email text,
    organisation_id bigint
        constraint initiative_organisation_fkey references organisation (organisation_id),
    contact_key text not null,
    title_key text not null,
    proposed_by bigint
        constraint initiative_proposed_by_fkey references account (account_id) on delete set null,
    status text not null default 'idea',
    approved_at bigint,
    approved_by bigint
        constraint initiative_approved_by_fkey references account (account_id) on delete set null,
    venue_id bigint
        constraint initiative_venue_fkey references venue (venue_id) on delete set null,
    offer_id bigint
        constraint initiative_offer_fkey references offer (offer_id) on delete set null,
    collective_id bigint
        constraint initiative_collective_fkey references collective (collective_id) on delete set null,
    converted_at bigint,
    created_at bigint not null,
    updated_at bigint not null,
    constraint initiative_initiator_check check (
        organisation_id is not null or initiator_phone is not null or initiator_email is not null)
);
create index initiative_district_idx on initiative (district_id);
create index initiative_duplicate_idx on initiative (contact_key, title_key, created_at);

create table initiative_status_event (
    initiative_status_event_id integer primary key,
    initiative_id bigint not null
        constraint initiative_status_event_initiative_fkey references initiative (initiative_id) on delete cascade,
    from_status text,
    to_status text not null,
    account_id bigint
        constraint initiative_status_event_account_fkey references account (account_id) on delete set null,
    created_at bigint not null
);
create index initiative_status_event_initiative_idx on initiative_status_event (initiative_id);

create table initiative_sign_up (
    initiative_sign_up_id integer primary key,
    initiative_id bigint not null
        constraint initiative_sign_up_initiative_fkey references initiative (initiative_id) on delete cascade,
    kind text not null,
    first_name text not null,
    phone text,
    email text,
    created_at bigint not null,
    constraint initiative_sign_up_contact_check check (phone is not null or email is not null)
);
create index initiative_sign_up_initiative_idx on initiative_sign_up (initiative_id);

create table initiative_budget_line (
    initiative_budget_line_id integer primary key,
    initiative_id bigint not null
        constraint initiative_budget_line_initiative_fkey references initiative (initiative_id) on delete cascade,
    kind text not null,
    amount_cents bigint not null,
    description text not null,
    account_id bigint
        constraint initiative_budget_line_account_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    constraint initiative_budget_line_amount_check check (amount_cents > 0)
);
create index initiative_budget_line_initiative_idx on initiative_budget_line (initiative_id);
