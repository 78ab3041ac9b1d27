-- Models that generate their own replies: a DJL artifact (stored content-addressed, by the SHA-256 of
-- the uploaded zip) or an OpenAI-compatible endpoint (API key encrypted with AES-GCM). Generation
-- jobs run on workers; each (candidate, prompt) gets one generation or one recorded failure.

alter table candidate add column artifact varchar(64);
alter table candidate add column model_task varchar(24);
alter table candidate add column sampling varchar(2000);
alter table candidate add column endpoint_url varchar(2000);
alter table candidate add column endpoint_model varchar(200);
alter table candidate add column endpoint_key varchar(2000);

-- which generating candidates answer which campaign (uploaded outputs attach through their rows)
create table campaign_candidate (
    id            bigint primary key,
    campaign_id   bigint not null references campaign(id),
    candidate_id  bigint not null references candidate(id),
    created_at    timestamp(6) with time zone not null,
    constraint campaign_candidate_once unique (campaign_id, candidate_id)
);
create sequence campaign_candidate_seq start with 1 increment by 50;

create table generation_job (
    id              bigint primary key,
    campaign_id     bigint not null references campaign(id),
    candidate_id    bigint not null references candidate(id),
    prompts_total   integer not null,
    generated       integer not null,
    failed          integer not null,
    tokens          bigint not null,
    busy_millis     bigint not null,
    last_error      varchar(2000),
    created_at      timestamp(6) with time zone not null,
    updated_at      timestamp(6) with time zone not null,
    finished_at     timestamp(6) with time zone,
    constraint generation_job_once unique (campaign_id, candidate_id)
);
create sequence generation_job_seq start with 1 increment by 50;

create table generation_failure (
    id            bigint primary key,
    candidate_id  bigint not null references candidate(id),
    prompt_id     bigint not null references prompt(id),
    error         varchar(2000) not null,
    created_at    timestamp(6) with time zone not null,
    constraint generation_failure_once unique (candidate_id, prompt_id)
);
create sequence generation_failure_seq start with 1 increment by 50;

alter table generation add column tokens integer;
