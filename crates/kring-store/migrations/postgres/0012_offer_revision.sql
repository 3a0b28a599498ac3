-- An offer's revision: raised whenever its schedule changes or one of its sessions is
-- cancelled, moved or restored, so the iCalendar feeds can give calendar apps a SEQUENCE that
-- grows with every change (RFC 5545 3.8.7.4).
alter table offer add column revision bigint not null default 0;
