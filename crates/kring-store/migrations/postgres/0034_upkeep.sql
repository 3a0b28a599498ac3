-- Entries that stay current (issue 16): when an organisation last confirmed its offers, venues
-- and contact details. An organisation that has not confirmed within the set interval and grace
-- period is hidden from the public pages until it confirms. Existing organisations count as
-- confirmed now; a new one counts from its creation until it confirms. Unix seconds.

alter table organisation add column confirmed_at bigint;
update organisation set confirmed_at = cast(extract(epoch from now()) as bigint);

-- When the daily job last mailed the organisation "Klopt dit nog?", so it asks once per round.
alter table organisation add column upkeep_asked_at bigint;
