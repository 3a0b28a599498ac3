-- A second factor (TOTP, RFC 6238) per account. `totp_secret` is the base32 secret of an
-- enrolled account (null: no second factor); `totp_pending_secret` the one shown during
-- enrolment until the first code confirms it; `totp_last_step` the last 30-second step a code
-- was accepted for, so a code counts once.
alter table account add column totp_secret text;
alter table account add column totp_pending_secret text;
alter table account add column totp_enrolled_at bigint;
alter table account add column totp_last_step bigint;

-- One-time recovery codes, stored as the SHA-256 of the code (60 random bits each).
create table totp_recovery_code (
    totp_recovery_code_id integer primary key,
    account_id bigint not null
        constraint totp_recovery_code_account_fkey references account (account_id) on delete cascade,
    code_hash text not null,
    used_at bigint
);
create index totp_recovery_code_account_idx on totp_recovery_code (account_id);

-- A login half done: the password was right, the second factor is still to come. The cookie
-- holds a random token, this table its SHA-256; it lasts five minutes and is spent by the
-- second step.
create table login_challenge (
    challenge_id text primary key,
    account_id bigint not null
        constraint login_challenge_account_fkey references account (account_id) on delete cascade,
    created_at bigint not null,
    expires_at bigint not null
);
create index login_challenge_account_idx on login_challenge (account_id);
