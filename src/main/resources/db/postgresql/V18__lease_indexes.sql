-- PostgreSQL only (H2 has no partial indexes: db/h2 holds its version of this migration).
-- Leases read tasks in the lease query's order and only those that can still be leased, so a lease
-- costs the same on a 100-task and a 1M-task campaign and full tasks are never walked.
-- The predicates must match TaskQueue's lease statements word for word for the planner to use them.
drop index task_campaign;
create index task_lease on task (campaign_id, priority desc, id)
    where gold_kind is null and accepted_count + leased_count < overlap;
create index task_lease_gold on task (campaign_id, priority desc, id)
    where gold_kind is not null and accepted_count + leased_count < overlap;
create index task_in_campaign on task (campaign_id);

-- the relay claims the oldest unpublished rows: only those are indexed
drop index outbox_unpublished;
create index outbox_unpublished on outbox_event (id) where published_at is null;
