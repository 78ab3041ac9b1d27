-- Reward models: training jobs (the worker's queue), their per-epoch metrics, the versioned models
-- they produce, and a cache of sentence embeddings by text hash. Training data and parameters live
-- in the artifact store (laurel.rewardmodel.store), content-addressed; rows refer to them by hash.

create table reward_model_job (
    id            bigint primary key,
    team_id       bigint not null references team(id),
    created_by    bigint not null references app_user(id),
    status        varchar(16) not null,
    data_hash     varchar(64) not null,
    pair_count    integer not null,
    settings      varchar(2000) not null,
    attempts      integer not null,
    worker        varchar(64),
    heartbeat_at  timestamp(6) with time zone,
    created_at    timestamp(6) with time zone not null,
    started_at    timestamp(6) with time zone,
    finished_at   timestamp(6) with time zone,
    error         varchar(2000),
    model_id      bigint
);
create sequence reward_model_job_seq start with 1 increment by 50;
create index reward_model_job_status on reward_model_job(status, id);
create index reward_model_job_team on reward_model_job(team_id);

create table reward_model_epoch (
    id                   bigint primary key,
    job_id               bigint not null references reward_model_job(id),
    epoch                integer not null,
    train_loss           double precision not null,
    train_accuracy       double precision not null,
    train_margin         double precision not null,
    validation_loss      double precision,
    validation_accuracy  double precision,
    validation_margin    double precision,
    created_at           timestamp(6) with time zone not null,
    constraint reward_model_epoch_once unique (job_id, epoch)
);
create sequence reward_model_epoch_seq start with 1 increment by 50;

create table reward_model (
    id                   bigint primary key,
    team_id              bigint not null references team(id),
    job_id               bigint not null references reward_model_job(id),
    version              integer not null,
    artifact             varchar(64) not null,
    data_hash            varchar(64) not null,
    validation_accuracy  double precision,
    active               boolean not null,
    created_at           timestamp(6) with time zone not null,
    constraint reward_model_version unique (team_id, version),
    constraint reward_model_job_once unique (job_id)
);
create sequence reward_model_seq start with 1 increment by 50;

create table sentence_embedding (
    text_key    varchar(140) primary key,
    vector      bytea not null,
    created_at  timestamp(6) with time zone not null
);
