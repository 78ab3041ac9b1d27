-- Full scorers uploaded by model teams (DJL-saved parameters of laurel-text-scorer/1) are validated by a
-- worker-role process, never by the web process that received them, as model zips are (V26): the body is
-- streamed to the reward-model store (uploads/<upload_sha>.params) and the row waits in VALIDATING until a
-- worker has loaded the parameters into the architecture and scored once (READY: artifact names the stored
-- scorer a training job may fine-tune) or could not (REJECTED, with the reason).
create table scorer_upload (
    id              bigint primary key,
    team_id         bigint not null references team(id),
    created_by      bigint not null references app_user(id),
    upload_sha      varchar(64) not null,
    max_bytes       integer not null,
    embedding_size  integer not null,
    channels        integer not null,
    hidden_size     integer not null,
    status          varchar(16) not null,
    reason          varchar(2000),
    artifact        varchar(64),
    claimed_at      timestamp(6) with time zone,
    attempts        integer default 0 not null,
    created_at      timestamp(6) with time zone not null
);
create sequence scorer_upload_seq start with 1 increment by 50;
-- the workers' queue (status = VALIDATING, oldest first) and a team's list
create index scorer_upload_status on scorer_upload (status, id);
create index scorer_upload_team on scorer_upload (team_id, id);
