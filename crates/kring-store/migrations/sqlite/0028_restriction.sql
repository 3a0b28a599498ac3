-- Restriction and objection (GDPR articles 18 and 21): a resident whose data may only be
-- stored. One line per restriction with its kind, on which request, who set it and when, and
-- who lifted it and when; at most one not lifted per resident (the partial unique index).
create table resident_restriction (
    resident_restriction_id integer primary key,
    resident_id bigint not null
        constraint resident_restriction_resident_fkey references resident (resident_id) on delete cascade,
    kind text not null,
    reason text not null,
    set_by bigint
        constraint resident_restriction_set_by_fkey references account (account_id) on delete set null,
    set_at bigint not null,
    lifted_by bigint
        constraint resident_restriction_lifted_by_fkey references account (account_id) on delete set null,
    lifted_at bigint,
    constraint resident_restriction_kind_check check (kind in ('restriction', 'objection'))
);
create unique index resident_restriction_active_key on resident_restriction (resident_id)
    where lifted_at is null;

-- The resident's history gets the setting and lifting of a restriction (`fields` holds its
-- kind). SQLite changes a check constraint by rebuilding the table.
create table resident_event_new (
    resident_event_id integer primary key,
    resident_id bigint not null
        constraint resident_event_resident_fkey references resident (resident_id) on delete cascade,
    kind text not null,
    fields text,
    reason text,
    account_id bigint
        constraint resident_event_account_fkey references account (account_id) on delete set null,
    occurred_at bigint not null,
    constraint resident_event_kind_check
        check (kind in ('rectified', 'restricted', 'restriction_lifted'))
);
insert into resident_event_new (resident_event_id, resident_id, kind, fields, reason, account_id,
    occurred_at)
    select resident_event_id, resident_id, kind, fields, reason, account_id, occurred_at
    from resident_event;
drop table resident_event;
alter table resident_event_new rename to resident_event;
create index resident_event_resident_idx on resident_event (resident_id, occurred_at);
