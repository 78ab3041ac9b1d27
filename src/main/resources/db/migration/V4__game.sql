-- Game: versioned reward rules, their audit log, and the append-only points ledger.

create table reward_rule (
    id                    bigint primary key,
    version               integer not null unique,
    effective_from        timestamp(6) with time zone not null,
    base_points           bigint not null,
    min_millis_per_task   bigint not null,
    daily_cap             bigint not null,
    note                  varchar(500),
    created_by            varchar(64) not null,
    created_at            timestamp(6) with time zone not null
);
create sequence reward_rule_seq start with 1 increment by 50;

-- The rule in force until an admin changes it: 10 points an answer, at least 3 s, 1000 a day.
insert into reward_rule (id, version, effective_from, base_points, min_millis_per_task, daily_cap, note, created_by, created_at)
values (0, 1, timestamp with time zone '1970-01-01 00:00:00+00', 10, 3000, 1000, 'default rule', 'system', timestamp with time zone '1970-01-01 00:00:00+00');

create table rule_audit (
    id          bigint primary key,
    actor       varchar(64) not null,
    at          timestamp(6) with time zone not null,
    before_rule varchar(2000),
    after_rule  varchar(2000) not null
);
create sequence rule_audit_seq start with 1 increment by 50;

create table ledger_entry (
    id             bigint primary key,
    labeler_id     bigint not null references app_user(id),
    submission_id  bigint not null,
    campaign_id    bigint not null,
    rule_version   integer not null,
    kind           varchar(16) not null,
    points         bigint not null,
    reason         varchar(500) not null,
    created_at     timestamp(6) with time zone not null,
    constraint ledger_once unique (submission_id, rule_version, kind)
);
create sequence ledger_entry_seq start with 1 increment by 50;
create index ledger_labeler on ledger_entry(labeler_id, created_at);

-- Leaderboard totals, kept up to date as ledger rows are written, one row per scope (global or a
-- campaign), period (all time, a UTC day, ISO week or month) and labeler. The index serves the top of
-- a board directly and a labeler's rank by counting only the rows above them.
create table leaderboard_score (
    scope       varchar(32) not null,
    period      varchar(16) not null,
    labeler_id  bigint not null references app_user(id),
    points      bigint not null,
    primary key (scope, period, labeler_id)
);
create index leaderboard_rank on leaderboard_score(scope, period, points desc, labeler_id);
