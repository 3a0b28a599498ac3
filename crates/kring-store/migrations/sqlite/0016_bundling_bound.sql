-- The bundling engine proves an upper bound with every answer: no placement of the run's
-- questions places more than this. Kept with the run so its page says how close the answer is.
-- Empty for runs made before the engine gave one.
alter table bundling_run add column placed_at_most bigint;
