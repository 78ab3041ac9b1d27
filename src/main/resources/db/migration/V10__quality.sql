-- Quality: gold tasks and honeypots, per-campaign settings, labels seen by quality, consensus,
-- reliability, skips and abuse flags. Portable between H2 2.4 and PostgreSQL 15.

-- A gold task or honeypot is a task row like any other (same queue, same locks) whose texts live in
-- gold_task instead of prompt/generation; gold_kind keeps it out of leaderboards and datasets.
alter table task add column gold_kind varchar(16);
alter table task alter column prompt_id drop not null;
alter table task alter column left_generation_id drop not null;
alter table task alter column right_generation_id drop not null;

create table gold_item (
    id           bigint primary key,
    campaign_id  bigint not null references campaign(id),
    external_id  varchar(200) not null,
    prompt       varchar(100000) not null,
    first_reply  varchar(100000) not null,
    second_reply varchar(100000) not null,
    answer       varchar(16) not null,
    explanation  varchar(2000),
    created_at   timestamp(6) with time zone not null,
    constraint gold_item_external_id unique (campaign_id, external_id)
);
create sequence gold_item_seq start with 1 increment by 50;

create table gold_task (
    id            bigint primary key,
    task_id       bigint not null unique references task(id),
    campaign_id   bigint not null references campaign(id),
    kind          varchar(16) not null,
    gold_item_id  bigint references gold_item(id),
    prompt        varchar(100000) not null,
    left_text     varchar(100000) not null,
    right_text    varchar(100000) not null,
    expected      varchar(16) not null,
    degradation   varchar(32),
    created_at    timestamp(6) with time zone not null
);
create sequence gold_task_seq start with 1 increment by 50;
create index gold_task_campaign on gold_task(campaign_id);

create table campaign_quality (
    id                      bigint primary key,
    campaign_id             bigint not null unique references campaign(id),
    gold_rate               double precision not null,
    honeypot_rate           double precision not null,
    consensus_threshold     double precision not null,
    max_overlap             integer not null,
    min_reliability         double precision not null,
    qualification_gold      integer not null,
    qualification_accuracy  double precision not null,
    min_answer_ms           bigint not null,
    alpha                   double precision,
    alpha_items             integer not null,
    recomputed_at           timestamp(6) with time zone
);
create sequence campaign_quality_seq start with 1 increment by 50;

-- every accepted answer as quality received it (from SubmissionAccepted), so quality never reads
-- the task feature's tables; value is the answer's class index for the algorithms
create table quality_label (
    id             bigint primary key,
    submission_id  bigint not null unique,
    task_id        bigint not null,
    campaign_id    bigint not null,
    labeler_id     bigint not null,
    kind           varchar(24) not null,
    answer         varchar(32) not null,
    gold_correct   boolean,
    duration_ms    bigint not null,
    accepted_at    timestamp(6) with time zone not null,
    dropped        boolean not null
);
create sequence quality_label_seq start with 1 increment by 50;
create index quality_label_campaign on quality_label(campaign_id, task_id);
create index quality_label_labeler on quality_label(labeler_id, campaign_id);

create table labeler_campaign_stats (
    id                 bigint primary key,
    campaign_id        bigint not null references campaign(id),
    labeler_id         bigint not null references app_user(id),
    answers            bigint not null,
    gold_seen          bigint not null,
    gold_correct       bigint not null,
    left_answers       bigint not null,
    right_answers      bigint not null,
    fast_answers       bigint not null,
    skips              bigint not null,
    total_duration_ms  bigint not null,
    agreed             bigint not null,
    compared           bigint not null,
    dropped            boolean not null,
    suspended          boolean not null,
    updated_at         timestamp(6) with time zone not null,
    constraint labeler_campaign_stats_once unique (campaign_id, labeler_id)
);
create sequence labeler_campaign_stats_seq start with 1 increment by 50;
create index labeler_campaign_stats_labeler on labeler_campaign_stats(labeler_id);

create table labeler_quality (
    id               bigint primary key,
    labeler_id       bigint not null unique references app_user(id),
    gold_seen        bigint not null,
    gold_correct     bigint not null,
    agreed           bigint not null,
    compared         bigint not null,
    ds_accuracy      double precision,
    accuracy         double precision not null,
    lower_bound      double precision not null,
    upper_bound      double precision not null,
    multiplier       bigint not null,
    updated_at       timestamp(6) with time zone not null
);
create sequence labeler_quality_seq start with 1 increment by 50;

create table task_consensus (
    id           bigint primary key,
    task_id      bigint not null unique,
    campaign_id  bigint not null references campaign(id),
    answer       varchar(32) not null,
    confidence   double precision not null,
    answers      integer not null,
    updated_at   timestamp(6) with time zone not null
);
create sequence task_consensus_seq start with 1 increment by 50;
create index task_consensus_campaign on task_consensus(campaign_id, task_id);

create table task_skip (
    id           bigint primary key,
    task_id      bigint not null references task(id),
    campaign_id  bigint not null references campaign(id),
    labeler_id   bigint not null references app_user(id),
    reason       varchar(2000),
    created_at   timestamp(6) with time zone not null
);
create sequence task_skip_seq start with 1 increment by 50;
create index task_skip_labeler on task_skip(labeler_id, campaign_id);

create table labeler_flag (
    id           bigint primary key,
    labeler_id   bigint not null references app_user(id),
    campaign_id  bigint not null references campaign(id),
    signal_kind  varchar(32) not null,
    action       varchar(16) not null,
    reason       varchar(2000) not null,
    created_at   timestamp(6) with time zone not null,
    constraint labeler_flag_once unique (labeler_id, campaign_id, signal_kind)
);
create sequence labeler_flag_seq start with 1 increment by 50;
