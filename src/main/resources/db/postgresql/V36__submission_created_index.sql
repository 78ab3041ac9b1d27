-- The campaign dashboard's answers panel (task/AnswerActivity) counts only the answers of about the last hour per
-- view: a range on created_at, platform-wide, joined to task for the campaign. With task_id in the index that range
-- is an index-only scan instead of one heap page per answer. Appended at the right edge (created_at grows), so an
-- answer's insert pays one more small index entry.
create index submission_created on submission (created_at) include (task_id);
