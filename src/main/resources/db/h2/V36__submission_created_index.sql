-- PostgreSQL's V36 also carries task_id in the index (INCLUDE, which H2 does not have).
create index submission_created on submission (created_at);
