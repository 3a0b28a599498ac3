-- Retention: when a resident's personal data was erased. The row stays (ids, PC4 postcode,
-- languages) so that the figures built on questions never change.
alter table resident add column erased_at bigint;
