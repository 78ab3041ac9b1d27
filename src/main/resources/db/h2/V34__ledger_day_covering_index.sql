-- PostgreSQL's V34 makes ledger_labeler a covering index (INCLUDE, which H2 does not have); H2 keeps V4's.
select 1;
