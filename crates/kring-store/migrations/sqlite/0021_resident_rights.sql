-- Residents' rights (GDPR articles 16–18, 21): a resident's history as professionals acted on
-- their requests. A correction (`rectified`) names the fields it changed (codes, comma
-- separated) and why; the old and new values are not kept, so the history holds no more
-- personal data than the record itself.
create table resident_event (
    resident_event_id integer primary key,
    resident_id bigint not null
        constraint resident_event_resident_fkey references resident (resident_id) on delete cascade,
    kind text not null,
    fields text,
    reason text,
    account_id bigint
        constraint resident_event_account_fkey references account (account_id) on delete set null,
    occurred_at bigint not null,
    constraint resident_event_kind_check check (kind in ('rectified'))
);
create index resident_event_resident_idx on resident_event (resident_id, occurred_at);
