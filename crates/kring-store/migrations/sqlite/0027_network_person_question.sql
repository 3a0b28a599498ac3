-- A person around a resident who needs support themselves (an overburdened mantelzorger) can
-- get a question of their own, made with one click from the person: the link is kept here, so
-- the person shows their question and a second one is refused.
alter table network_person add column own_question_id bigint
    constraint network_person_own_question_fkey references question (question_id) on delete set null;
