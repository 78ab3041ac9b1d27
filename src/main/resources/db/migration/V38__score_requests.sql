-- Scoring with a reward model loads DJL, so POST /api/reward-models/{id}/score no longer scores in the web process
-- that received it: it writes a request (its items below) that waits in WAITING until a worker-role process has
-- scored it (DONE: rewards, a JSON array in the items' order) or could not (FAILED, with the reason). The web waits
-- a bounded time for the outcome and otherwise answers 202 with the request to poll. Finished requests are deleted
-- after a while (RewardModelConfig.scoreKeep).
create table score_request (
    id            bigint primary key,
    model_id      bigint not null references reward_model(id),
    requested_by  bigint not null references app_user(id),
    item_count    integer not null,
    status        varchar(16) not null,
    rewards       varchar(20000),
    reason        varchar(2000),
    claimed_at    timestamp(6) with time zone,
    attempts      integer default 0 not null,
    created_at    timestamp(6) with time zone not null,
    finished_at   timestamp(6) with time zone
);
create sequence score_request_seq start with 1 increment by 50;
-- the workers' queue (status = WAITING, oldest first) and the pruning of finished requests
create index score_request_status on score_request (status, id);
create index score_request_finished on score_request (finished_at);

create table score_request_item (
    request_id  bigint not null references score_request(id) on delete cascade,
    position    integer not null,
    prompt      varchar(100000) not null,
    reply       varchar(100000) not null,
    primary key (request_id, position)
);
