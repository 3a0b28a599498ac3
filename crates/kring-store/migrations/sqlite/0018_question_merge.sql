-- Probable duplicates merged: the newer question is closed (outcome `merged`) and points at
-- the question it was merged into; a history line on both names the other question.
alter table question add column merged_into_id bigint
    constraint question_merged_into_fkey references question (question_id);
alter table question_status_event add column merged_with_id bigint
    constraint question_status_event_merged_with_fkey references question (question_id);
create index question_merged_into_idx on question (merged_into_id);
