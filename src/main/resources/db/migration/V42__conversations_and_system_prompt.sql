-- Conversations: a prompt may be a list of system/user/assistant turns (a JSON array of {"role", "content"}),
-- null for a one-turn prompt; text keeps the last user turn (what search and text-only code read). A text column
-- rather than jsonb: the same migration runs on H2 (the embedded default) and PostgreSQL, and the JSON is
-- validated on upload and only ever read whole.
alter table prompt add column messages varchar(1000000);
-- The campaign's system prompt, sent to chat models before each prompt that brings no system turn of its own.
alter table campaign add column system_prompt varchar(20000);
