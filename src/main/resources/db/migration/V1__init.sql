-- Laurel schema, written once for H2 2.x (embedded) and PostgreSQL 15 (prod, tests).
-- Unquoted identifiers; one sequence per entity as Hibernate expects (increment 50).

create table team (
    id          bigint primary key,
    name        varchar(120) not null unique,
    created_at  timestamp(6) with time zone not null
);
create sequence team_seq start with 1 increment by 50;

create table app_user (
    id             bigint primary key,
    username       varchar(64) not null unique,
    password_hash  varchar(100) not null,
    role           varchar(16) not null,
    team_id        bigint references team(id),
    created_at     timestamp(6) with time zone not null
);
create sequence app_user_seq start with 1 increment by 50;

create table api_token (
    id            bigint primary key,
    user_id       bigint not null references app_user(id),
    name          varchar(120) not null,
    token_hash    varchar(64) not null unique,
    prefix        varchar(16) not null,
    created_at    timestamp(6) with time zone not null,
    last_used_at  timestamp(6) with time zone,
    revoked_at    timestamp(6) with time zone
);
create sequence api_token_seq start with 1 increment by 50;
create index api_token_user on api_token(user_id);

create table campaign (
    id              bigint primary key,
    team_id         bigint not null references team(id),
    name            varchar(200) not null,
    description     varchar(4000),
    instructions    varchar(20000),
    kind            varchar(24) not null,
    status          varchar(16) not null,
    overlap         integer not null,
    lease_seconds   integer not null,
    created_at      timestamp(6) with time zone not null,
    opened_at       timestamp(6) with time zone
);
create sequence campaign_seq start with 1 increment by 50;
create index campaign_team on campaign(team_id);

create table prompt (
    id           bigint primary key,
    campaign_id  bigint not null references campaign(id),
    external_id  varchar(200) not null,
    text         varchar(100000) not null,
    constraint prompt_external_id unique (campaign_id, external_id)
);
create sequence prompt_seq start with 1 increment by 50;

create table candidate (
    id          bigint primary key,
    team_id     bigint not null references team(id),
    name        varchar(120) not null,
    kind        varchar(24) not null,
    created_at  timestamp(6) with time zone not null,
    constraint candidate_name unique (team_id, name)
);
create sequence candidate_seq start with 1 increment by 50;

create table generation (
    id            bigint primary key,
    candidate_id  bigint not null references candidate(id),
    prompt_id     bigint not null references prompt(id),
    text          varchar(100000) not null,
    created_at    timestamp(6) with time zone not null,
    constraint generation_once unique (candidate_id, prompt_id)
);
create sequence generation_seq start with 1 increment by 50;
create index generation_prompt on generation(prompt_id);

create table task (
    id                   bigint primary key,
    campaign_id          bigint not null references campaign(id),
    prompt_id            bigint not null references prompt(id),
    left_generation_id   bigint not null references generation(id),
    right_generation_id  bigint not null references generation(id),
    overlap              integer not null,
    priority             integer not null,
    accepted_count       integer not null,
    leased_count         integer not null,
    created_at           timestamp(6) with time zone not null
);
create sequence task_seq start with 1 increment by 50;
create index task_campaign on task(campaign_id, priority, id);

create table task_assignment (
    id            bigint primary key,
    task_id       bigint not null references task(id),
    labeler_id    bigint not null references app_user(id),
    status        varchar(16) not null,
    leased_at     timestamp(6) with time zone not null,
    expires_at    timestamp(6) with time zone not null,
    finished_at   timestamp(6) with time zone,
    constraint assignment_once unique (task_id, labeler_id)
);
create sequence task_assignment_seq start with 1 increment by 50;
create index assignment_open on task_assignment(status, expires_at);
create index assignment_labeler on task_assignment(labeler_id, status);

create table submission (
    id                       bigint primary key,
    task_id                  bigint not null references task(id),
    labeler_id               bigint not null references app_user(id),
    choice                   varchar(16) not null,
    preferred_generation_id  bigint references generation(id),
    reason                   varchar(2000),
    duration_ms              bigint not null,
    created_at               timestamp(6) with time zone not null,
    constraint submission_once unique (task_id, labeler_id)
);
create sequence submission_seq start with 1 increment by 50;

create table outbox_event (
    id            bigint primary key,
    event_id      varchar(36) not null unique,
    channel       varchar(64) not null,
    payload       varchar(20000) not null,
    created_at    timestamp(6) with time zone not null,
    published_at  timestamp(6) with time zone
);
create sequence outbox_event_seq start with 1 increment by 50;
create index outbox_unpublished on outbox_event(published_at, id);

create table processed_event (
    consumer      varchar(64) not null,
    event_id      varchar(36) not null,
    processed_at  timestamp(6) with time zone not null,
    primary key (consumer, event_id)
);

create table campaign_progress (
    campaign_id       bigint primary key references campaign(id),
    tasks_total       bigint not null,
    answers_required  bigint not null,
    answers_accepted  bigint not null,
    tasks_completed   bigint not null,
    updated_at        timestamp(6) with time zone not null
);
