-- The sending partner's own note on a signal they sent (their reference for who it was, at
-- most 200 characters). Only the sender reads and writes it; professionals never see it.
-- Personal data: cleared with the rest when a closed signal is anonymised.
alter table signal add column sender_note text;
