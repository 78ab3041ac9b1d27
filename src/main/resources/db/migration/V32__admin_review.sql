-- Admin actions in the browser (issue 14): who did what to whom, and the review of abuse flags.

-- One row per admin action on users, teams and flagged labelers (rule and campaign-term changes keep rule_audit).
create table audit_entry (
    id       bigint primary key,
    actor    varchar(64) not null,
    at       timestamp(6) with time zone not null,
    action   varchar(40) not null,
    subject  varchar(200) not null,
    detail   varchar(2000)
);
create sequence audit_entry_seq start with 1 increment by 50;
create index audit_entry_at on audit_entry (at);
create index audit_entry_subject on audit_entry (subject, at);

-- A flag waits in the admin's review queue until reviewed: warned, dropped, suspended or cleared.
alter table labeler_flag add column reviewed_at timestamp(6) with time zone;
alter table labeler_flag add column reviewed_by varchar(64);
alter table labeler_flag add column review varchar(16);
create index labeler_flag_open on labeler_flag (reviewed_at, created_at);
