-- Single sign-on with OpenID Connect: the subject (`sub`) a provider gave an account at its
-- first login there, so later logins find the account by subject even when the e-mail
-- address changes at the provider. One subject per account and provider.
create table account_oidc (
    issuer text not null,
    subject text not null,
    account_id bigint not null
        constraint account_oidc_account_fkey references account (account_id) on delete cascade,
    created_at bigint not null,
    constraint account_oidc_pkey primary key (issuer, subject),
    constraint account_oidc_account_key unique (account_id, issuer)
);

-- A session opened through the provider keeps its ID token: the logout hands it back to the
-- provider as `id_token_hint`. It goes with the session.
alter table session add column id_token text;
