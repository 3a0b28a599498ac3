-- Erasure (GDPR article 17): one line per resident whose personal data was erased, on request
-- (by a professional of their district, with the request it answers: its date and kind, never
-- the erased data) or by the retention job (by nobody). One erasure per resident: a second is
-- refused by the unique key.
create table erasure_record (
    erasure_record_id integer primary key,
    resident_id bigint not null
        constraint erasure_record_resident_fkey references resident (resident_id),
    kind text not null,
    request text,
    account_id bigint
        constraint erasure_record_account_fkey references account (account_id) on delete set null,
    erased_at bigint not null,
    constraint erasure_record_resident_key unique (resident_id),
    constraint erasure_record_kind_check check (kind in ('request', 'retention')),
    constraint erasure_record_request_check check ((kind = 'request') = (request is not null))
);
