-- A theme may have a group language: its groups speak it whatever the members' home languages
-- (learning Dutch happens in Dutch), so bundling does not split them by home language.
-- Empty: the members share a language of their own, as before. The default set's `taal`
-- (learning Dutch) meets in Dutch.
alter table theme add column group_language text;
update theme set group_language = 'nl' where code = 'taal';
