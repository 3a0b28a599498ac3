-- Warm referrals (issue 16): a partner's staff member or a professional refers a resident to
-- another organisation (optionally one of its offers) or to the wijkteam of the district the
-- postcode lies in, with the resident's consent recorded (who, when, how). The receiver moves
-- it sent -> accepted -> contacted -> started, or ends it as not_reached or not_suitable; the
-- sender sees only the status. Least data: a first name or initials, a phone number or e-mail
-- address, a short reason, a postcode. `version` rises with every change so two people never
-- overwrite each other. After the signals' retention period the personal data of closed
-- referrals is cleared (`anonymised_at`). Dates are ISO text, instants unix seconds.

create table referral (
    referral_id integer primary key,
    sender_account_id bigint
        constraint referral_sender_fkey references account (account_id) on delete set null,
    sender_organisation_id bigint
        constraint referral_sender_organisation_fkey references organisation (organisation_id),
    to_organisation_id bigint
        constraint referral_to_organisation_fkey references organisation (organisation_id),
    offer_id bigint
        constraint referral_offer_fkey references offer (offer_id) on delete set null,
    district_id bigint
        constraint referral_district_fkey references district (district_id),
    outside_network bigint not null default 0,
    first_name text,
    phone text,
    email text,
    postcode text,
    reason text,
    consent_by text,
    consent_on text not null,
    consent_how text not null,
    status text not null default 'sent',
    question_id bigint
        constraint referral_question_fkey references question (question_id) on delete set null,
    version bigint not null default 1,
    created_at bigint not null,
    updated_at bigint not null,
    accepted_at bigint,
    contacted_at bigint,
    closed_at bigint,
    anonymised_at bigint,
    constraint referral_status_check check (status in
        ('sent', 'accepted', 'contacted', 'started', 'not_reached', 'not_suitable')),
    constraint referral_consent_how_check check (consent_how in ('in_person', 'by_phone', 'in_writing')),
    constraint referral_target_check check (to_organisation_id is not null or district_id is not null)
);
create index referral_to_organisation_idx on referral (to_organisation_id, status);
create index referral_district_idx on referral (district_id, status);
create index referral_sender_idx on referral (sender_account_id);

-- One line per status change, with who made it and an optional note.
create table referral_event (
    referral_event_id integer primary key,
    referral_id bigint not null
        constraint referral_event_referral_fkey references referral (referral_id) on delete cascade,
    from_status text,
    to_status text not null,
    note text,
    account_id bigint
        constraint referral_event_account_fkey references account (account_id) on delete set null,
    occurred_at bigint not null
);
create index referral_event_referral_idx on referral_event (referral_id);
