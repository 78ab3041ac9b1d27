-- Payout (issue 7, second part): claims seen on chain, the block cursor of the claim watcher, and every
-- signed publish transaction (fee bumps replace one with the same nonce; after a crash any of them may be mined).

alter table payout_allocation add column claimed_at timestamp(6) with time zone;
alter table payout_allocation add column claim_tx_hash varchar(66);
alter table payout_allocation add column claimed_block bigint;

-- next block to read per (chain, distributor): a redeployed distributor starts its own cursor
create table payout_chain_cursor (
    id           bigint primary key,
    chain_id     bigint not null,
    distributor  varchar(42) not null,
    next_block   bigint not null,
    updated_at   timestamp(6) with time zone not null,
    constraint cursor_once unique (chain_id, distributor)
);
create sequence payout_chain_cursor_seq start with 1 increment by 50;

create table payout_publish_tx (
    id            bigint primary key,
    epoch_id      bigint not null references payout_epoch(id),
    hash          varchar(66) not null unique,
    nonce         bigint not null,
    gas_limit     numeric(78,0) not null,
    max_fee       numeric(78,0) not null,
    priority_fee  numeric(78,0) not null,
    signed_tx     varchar(20000) not null,
    signed_at     timestamp(6) with time zone not null
);
create sequence payout_publish_tx_seq start with 1 increment by 50;
create index publish_tx_epoch on payout_publish_tx(epoch_id);

-- epoch cadence: one row, set by admins; the scheduler opens each next epoch and closes (compute → publish) due ones
create table payout_cadence (
    id               bigint primary key,
    enabled          boolean not null,
    period           varchar(40) not null,
    budget           numeric(78,0) not null,
    min_reliability  double precision not null,
    cap_per_labeler  numeric(78,0),
    claim_period     varchar(40) not null,
    updated_at       timestamp(6) with time zone not null
);
create sequence payout_cadence_seq start with 1 increment by 50;
alter table payout_epoch add column scheduled boolean default false not null;
