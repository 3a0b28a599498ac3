-- Stories (verhalen) with the consent of the people in them. A story belongs to a district and
-- may name the offer it is about; a link to a collective is a nullable column to be added with
-- the collectives. Withdrawing anyone's consent clears the title and text at once
-- (`withdrawn_at`), so the story is gone everywhere while the count of stories stays.

create table story (
    story_id integer primary key,
    district_id bigint not null
        constraint story_district_fkey references district (district_id),
    offer_id bigint
        constraint story_offer_fkey references offer (offer_id) on delete set null,
    title text,
    text text,
    author_account_id bigint
        constraint story_author_fkey references account (account_id) on delete set null,
    withdrawn_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index story_district_idx on story (district_id);

create table story_consent (
    story_consent_id integer primary key,
    story_id bigint not null
        constraint story_consent_story_fkey references story (story_id) on delete cascade,
    person text,
    given_on text not null,
    scope text not null,
    recorded_by bigint,
    withdrawn_at bigint,
    created_at bigint not null
);
create index story_consent_story_idx on story_consent (story_id);
