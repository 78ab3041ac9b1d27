-- Datasets of every task kind: a snapshot records its campaign's kind and the files it has (each
-- with the SHA-256 of its bytes and its row count), since the files differ by kind. Snapshots made
-- before this keep their three pairwise hashes in dataset_snapshot and have no rows here.

alter table dataset_snapshot add column kind varchar(24) default 'PAIRWISE' not null;

create table dataset_snapshot_file (
    snapshot_id  bigint not null references dataset_snapshot(id),
    position     integer not null,
    name         varchar(64) not null,
    sha256       varchar(64) not null,
    row_count    bigint not null,
    primary key (snapshot_id, position)
);

-- Pre-scores say which campaign, candidate and prompt the generation belongs to, so the campaign's
-- scores are read without the model feature's tables; null on rows scored before this.
alter table generation_reward add column campaign_id bigint;
alter table generation_reward add column candidate_id bigint;
alter table generation_reward add column prompt_id bigint;
create index generation_reward_campaign on generation_reward(campaign_id, model_id);
