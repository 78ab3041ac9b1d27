-- Game mechanics: the full points formula (per-kind points, quality multiplier, gold, streak and combo
-- bonuses), campaign bonus pools, per-labeler progress (streaks, combos, counters), badges, quests,
-- notifications, and the facts each answer was scored on (so a draft rule can be previewed on them).

-- New rule terms default to "off", so every version already published keeps paying what it paid.
alter table reward_rule add column kind_points varchar(500) default '' not null;
alter table reward_rule add column quality_multiplier boolean default true not null;
alter table reward_rule add column gold_bonus bigint default 0 not null;
alter table reward_rule add column gold_penalty bigint default 0 not null;
alter table reward_rule add column streak_min_days integer default 3 not null;
alter table reward_rule add column streak_bonus bigint default 0 not null;
alter table reward_rule add column combo_size integer default 5 not null;
alter table reward_rule add column combo_bonus bigint default 0 not null;
alter table reward_rule add column combo_gap_seconds integer default 120 not null;

-- A quest reward is paid once per quest: 'ref' tells such rows apart (0 for every other row).
alter table ledger_entry add column ref bigint default 0 not null;
alter table ledger_entry drop constraint ledger_once;
alter table ledger_entry add constraint ledger_once unique (submission_id, rule_version, kind, ref);

-- A campaign's own terms: base points instead of the rule's, and an extra-points pool drawn down
-- by bonus_per_answer until it is empty (budget_left never goes below zero).
create table campaign_reward (
    campaign_id       bigint primary key,
    base_points       bigint,
    bonus_per_answer  bigint not null,
    budget_total      bigint not null,
    budget_left       bigint not null,
    updated_by        varchar(64) not null,
    updated_at        timestamp(6) with time zone not null,
    constraint campaign_budget_not_negative check (budget_left >= 0)
);

-- What the formula saw when it scored an answer; the admin preview re-runs a draft on these.
create table scored_submission (
    submission_id        bigint primary key,
    labeler_id           bigint not null references app_user(id),
    campaign_id          bigint not null,
    kind                 varchar(32) not null,
    duration_ms          bigint not null,
    gold_correct         boolean,
    multiplier           bigint not null,
    streak_days          integer not null,
    combo                integer not null,
    earned_today         bigint not null,
    budget_left          bigint,
    campaign_base_points bigint,
    campaign_bonus       bigint not null,
    rule_version         integer not null,
    points               bigint not null,
    accepted_at          timestamp(6) with time zone not null
);
create index scored_submission_recent on scored_submission(accepted_at desc);

create table labeler_progress (
    labeler_id      bigint primary key references app_user(id),
    combo           integer not null,
    last_answer_at  timestamp(6) with time zone,
    answers         bigint not null,
    comparisons     bigint not null,
    gold_seen       bigint not null,
    gold_passed     bigint not null,
    streak_days     integer not null,
    best_streak     integer not null
);

-- Days (in the labeler's own time zone) on which a labeler answered: streaks are computed from them.
create table labeler_day (
    labeler_id  bigint not null references app_user(id),
    answered_on date not null,
    primary key (labeler_id, answered_on)
);

-- Badges are rows, not code: metric is one of ANSWERS, COMPARISONS, GOLD_PASSED, STREAK_DAYS, LEVEL,
-- WEEKLY_RANK (at most threshold); min_accuracy_percent also requires that share of gold passed.
create table badge (
    code                  varchar(32) primary key,
    name                  varchar(64) not null,
    description           varchar(200) not null,
    metric                varchar(16) not null,
    threshold             bigint not null,
    min_accuracy_percent  integer default 0 not null
);
insert into badge (code, name, description, metric, threshold, min_accuracy_percent) values
    ('FIRST_10', 'First Ten', 'Answered your first 10 comparisons', 'COMPARISONS', 10, 0),
    ('CENTURY', 'Century', 'Answered 100 tasks', 'ANSWERS', 100, 0),
    ('SHARP_EYE', 'Sharp Eye', 'Passed 100 gold tasks with at least 90% right', 'GOLD_PASSED', 100, 90),
    ('WEEK_STREAK', 'Seven Days', 'Kept a 7-day streak', 'STREAK_DAYS', 7, 0),
    ('WEEKLY_TOP_10', 'Top Ten', 'Reached the top 10 of a weekly leaderboard', 'WEEKLY_RANK', 10, 0),
    ('LEVEL_10', 'Level 10', 'Reached level 10', 'LEVEL', 10, 0);

create table labeler_badge (
    labeler_id  bigint not null references app_user(id),
    badge_code  varchar(32) not null references badge(code),
    awarded_at  timestamp(6) with time zone not null,
    primary key (labeler_id, badge_code)
);

-- Time-boxed goals: reach 'target' of 'metric' (ANSWERS, COMPARISONS, GOLD_PASSED, POINTS) between
-- starts_at and ends_at (optionally in one campaign) and earn reward_points once.
create table quest (
    id             bigint primary key,
    title          varchar(120) not null,
    metric         varchar(16) not null,
    target         bigint not null,
    campaign_id    bigint,
    starts_at      timestamp(6) with time zone not null,
    ends_at        timestamp(6) with time zone not null,
    reward_points  bigint not null,
    created_by     varchar(64) not null,
    created_at     timestamp(6) with time zone not null
);
create sequence quest_seq start with 1 increment by 50;

create table quest_progress (
    quest_id      bigint not null references quest(id),
    labeler_id    bigint not null references app_user(id),
    progress      bigint not null,
    completed_at  timestamp(6) with time zone,
    primary key (quest_id, labeler_id)
);

-- What the labeler's browser shows once as a toast ("+14 XP", "Level 7", "Badge: Sharp Eye").
create table notification (
    id          bigint primary key,
    labeler_id  bigint not null references app_user(id),
    kind        varchar(16) not null,
    text        varchar(200) not null,
    created_at  timestamp(6) with time zone not null,
    shown       boolean default false not null
);
create sequence notification_seq start with 1 increment by 50;
create index notification_unshown on notification(labeler_id, shown, id);

-- A labeler's own settings (account): the time zone their streak days are counted in.
create table user_setting (
    user_id    bigint primary key references app_user(id),
    time_zone  varchar(64) not null
);
