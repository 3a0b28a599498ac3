-- The full cost of care (issue 20, seed 000). Parallel support: the individual support a member
-- of a collective still receives alongside it, per kind, as hours or money per month, and
-- whether it went down, stayed or went up after joining (entered by a professional of the
-- collective's district; health-related personal data, in the processing register under
-- collectives; the row holds no name). A collective's own cost: guide hours, venue and materials per month,
-- each with its source. Months are `YYYY-MM`, instants unix seconds.

create table parallel_support (
    parallel_support_id integer primary key,
    collective_member_id bigint not null
        constraint parallel_support_member_fkey references collective_member (collective_member_id) on delete cascade,
    kind text not null,
    minutes_per_month bigint,
    cents_per_month bigint,
    change text not null,
    account_id bigint
        constraint parallel_support_account_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint parallel_support_kind_check check (kind in ('wmo_maatwerk', 'wijkteam', 'specialist', 'other')),
    constraint parallel_support_change_check check (change in ('down', 'same', 'up')),
    constraint parallel_support_amount_check check ((minutes_per_month is null) <> (cents_per_month is null)),
    constraint parallel_support_kind_key unique (collective_member_id, kind)
);

create table collective_cost (
    collective_cost_id integer primary key,
    collective_id bigint not null
        constraint collective_cost_collective_fkey references collective (collective_id) on delete cascade,
    kind text not null,
    month text not null,
    minutes bigint,
    cents bigint,
    source text not null,
    account_id bigint
        constraint collective_cost_account_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null,
    constraint collective_cost_kind_check check (kind in ('guide_hours', 'venue', 'materials')),
    constraint collective_cost_amount_check check ((minutes is null) <> (cents is null)),
    constraint collective_cost_month_key unique (collective_id, kind, month)
);
create index collective_cost_month_idx on collective_cost (month);
