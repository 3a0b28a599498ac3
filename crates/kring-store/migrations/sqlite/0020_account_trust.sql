-- Temporary lockout: an account locked after failed logins opens again by itself at
-- `locked_until` (unix seconds); `locked_at` keeps when the lock began.
alter table account add column locked_until bigint;
update account set locked_until = locked_at + 3600 where locked_at is not null;

-- A deactivated account signs in nowhere: its sessions end and its tokens are revoked at once.
alter table account add column deactivated_at bigint;

-- Sessions name the browser they were opened in, so their owner can tell them apart.
alter table session add column user_agent text;

-- One-time links to set a new password: the token is stored as its SHA-256 only, valid for
-- 24 hours and for one use.
create table password_reset (
    password_reset_id integer primary key,
    account_id bigint not null
        constraint password_reset_account_fkey references account (account_id) on delete cascade,
    token_hash text not null constraint password_reset_token_key unique,
    created_by bigint
        constraint password_reset_created_by_fkey references account (account_id),
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);
create index password_reset_account_idx on password_reset (account_id);

-- An account's history as admins changed it: role and districts, deactivated, reactivated,
-- a reset link issued, a lock lifted, sessions ended. `role` and `districts` hold the
-- assignment after a role change (district names, comma separated; `*` for all).
create table account_event (
    account_event_id integer primary key,
    account_id bigint not null
        constraint account_event_account_fkey references account (account_id) on delete cascade,
    actor_account_id bigint
        constraint account_event_actor_fkey references account (account_id),
    occurred_at bigint not null,
    kind text not null,
    role text,
    districts text,
    organisation text
);
create index account_event_account_idx on account_event (account_id, occurred_at);
