-- An undecided bundling proposal expires after a number of days (14): its questions go back to
-- `open` with a history line. An expired proposal keeps status 'rejected' (nobody can decide
-- on it any more) with the moment it expired and no one who decided.
alter table proposal add column expired_at bigint;
