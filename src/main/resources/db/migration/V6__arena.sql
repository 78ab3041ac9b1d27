-- Datasets (rewardmodel): versioned snapshots of a campaign's votes.
-- A snapshot lists the accepted answers it holds, so regenerating a file from it later gives the
-- same bytes (and the same SHA-256) however many votes arrived since.

create table dataset_snapshot (
    id              bigint primary key,
    campaign_id     bigint not null references campaign(id),
    version         integer not null,
    created_at      timestamp(6) with time zone not null,
    created_by      bigint not null references app_user(id),
    content_sha256  varchar(64) not null,
    pairs_sha256    varchar(64) not null,
    csv_sha256      varchar(64) not null,
    vote_count      bigint not null,
    pair_count      bigint not null,
    prompt_count    bigint not null,
    model_count     integer not null,
    constraint dataset_snapshot_version unique (campaign_id, version)
);
create sequence dataset_snapshot_seq start with 1 increment by 50;

create table dataset_snapshot_vote (
    snapshot_id    bigint not null references dataset_snapshot(id),
    submission_id  bigint not null references submission(id),
    reliability    double precision not null,
    primary key (snapshot_id, submission_id)
);
