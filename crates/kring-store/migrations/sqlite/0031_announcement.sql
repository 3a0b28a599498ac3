-- Announcements between the partners of a network (issue 16): an activity, a call for
-- volunteers or a warning, written by one organisation for the members of the partners it
-- chooses, about one or more districts; public ones also go on the district page and its Atom
-- feed. Each recipient passes it on through a channel of the reach vocabulary with an
-- estimated reach. No resident's data. Dates are ISO text, instants unix seconds.

create table announcement (
    announcement_id integer primary key,
    author_organisation_id bigint not null
        constraint announcement_author_fkey references organisation (organisation_id),
    kind text not null,
    title text not null,
    body text not null,
    happens_on text,
    place text not null default '',
    public bigint not null default 0,
    created_by bigint
        constraint announcement_created_by_fkey references account (account_id) on delete set null,
    created_at bigint not null,
    constraint announcement_kind_check check (kind in ('activity', 'volunteers', 'warning')),
    constraint announcement_title_check check (title <> '')
);
create index announcement_author_idx on announcement (author_organisation_id, created_at);

create table announcement_district (
    announcement_id bigint not null
        constraint announcement_district_announcement_fkey references announcement (announcement_id) on delete cascade,
    district_id bigint not null
        constraint announcement_district_district_fkey references district (district_id),
    constraint announcement_district_pkey primary key (announcement_id, district_id)
);
create index announcement_district_district_idx on announcement_district (district_id);

create table announcement_recipient (
    announcement_id bigint not null
        constraint announcement_recipient_announcement_fkey references announcement (announcement_id) on delete cascade,
    organisation_id bigint not null
        constraint announcement_recipient_organisation_fkey references organisation (organisation_id),
    constraint announcement_recipient_pkey primary key (announcement_id, organisation_id)
);
create index announcement_recipient_organisation_idx on announcement_recipient (organisation_id);

-- One line per time a recipient passed it on: a channel and the people it estimates it reached.
create table announcement_pass_on (
    announcement_pass_on_id integer primary key,
    announcement_id bigint not null
        constraint announcement_pass_on_announcement_fkey references announcement (announcement_id) on delete cascade,
    organisation_id bigint not null
        constraint announcement_pass_on_organisation_fkey references organisation (organisation_id),
    channel text not null,
    reach bigint not null,
    passed_by bigint
        constraint announcement_pass_on_passed_by_fkey references account (account_id) on delete set null,
    passed_at bigint not null,
    constraint announcement_pass_on_reach_check check (reach >= 0)
);
create index announcement_pass_on_announcement_idx on announcement_pass_on (announcement_id);
