-- A labeler without a linked wallet keeps their share of an epoch: it stays on their row (status NO_WALLET,
-- amount > 0) until an epoch computed after they link one adds it to their leaf (carried_in there) and
-- points back here (carried_to_epoch_id), so it is paid once.
alter table payout_allocation add column carried_to_epoch_id bigint;
alter table payout_allocation add constraint allocation_carried_to_epoch foreign key (carried_to_epoch_id)
    references payout_epoch(id);
alter table payout_allocation add column carried_in numeric(78,0) default 0 not null;
create index allocation_carried_to on payout_allocation(carried_to_epoch_id);
-- the books of an epoch: budget + carried_in = total + carried_out + unallocated
alter table payout_epoch add column carried_in numeric(78,0);
alter table payout_epoch add column carried_out numeric(78,0);
