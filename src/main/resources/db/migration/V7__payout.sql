-- Payout (issue 7): wallet links (SIWE), reward epochs and their allocations.
-- Portable between H2 2.4 and PostgreSQL 15; token amounts are NUMERIC(78,0) (any uint256).

create table wallet_link (
    id         bigint primary key,
    user_id    bigint not null unique references app_user(id),
    address    varchar(42) not null unique,
    chain_id   bigint not null,
    linked_at  timestamp(6) with time zone not null
);
create sequence wallet_link_seq start with 1 increment by 50;

-- one row per Sign-In-With-Ethereum nonce the server handed out; used_at makes a replay fail
create table wallet_challenge (
    id          bigint primary key,
    user_id     bigint not null references app_user(id),
    nonce       varchar(32) not null unique,
    address     varchar(42) not null,
    message     varchar(2000) not null,
    issued_at   timestamp(6) with time zone not null,
    expires_at  timestamp(6) with time zone not null,
    used_at     timestamp(6) with time zone
);
create sequence wallet_challenge_seq start with 1 increment by 50;

create table payout_epoch (
    id                bigint primary key,
    number            bigint not null unique,
    budget            numeric(78,0) not null,
    window_start      timestamp(6) with time zone not null,
    window_end        timestamp(6) with time zone not null,
    min_reliability   double precision not null,
    cap_per_labeler   numeric(78,0),
    claim_deadline    timestamp(6) with time zone not null,
    state             varchar(16) not null,
    rule_version      varchar(120),
    root              varchar(66),
    provenance        varchar(66),
    total             numeric(78,0),
    unallocated       numeric(78,0),
    tx_hash           varchar(66),
    tx_nonce          bigint,
    signed_tx         varchar(20000),
    published_block   bigint,
    sweep_tx_hash     varchar(66),
    last_error        varchar(2000),
    created_at        timestamp(6) with time zone not null,
    computed_at       timestamp(6) with time zone,
    published_at      timestamp(6) with time zone,
    closed_at         timestamp(6) with time zone
);
create sequence payout_epoch_seq start with 1 increment by 50;

-- every labeler with points in the epoch, paid or not (status says why not), with the numbers of the receipt
create table payout_allocation (
    id                 bigint primary key,
    epoch_id           bigint not null references payout_epoch(id),
    labeler_id         bigint not null references app_user(id),
    account            varchar(42),
    answers            bigint not null,
    points             bigint not null,
    weight_millionths  bigint not null,
    reliability        double precision not null,
    amount             numeric(78,0) not null,
    status             varchar(24) not null,
    proof              varchar(8000),
    constraint allocation_once unique (epoch_id, labeler_id)
);
create sequence payout_allocation_seq start with 1 increment by 50;
create index allocation_labeler on payout_allocation(labeler_id);
