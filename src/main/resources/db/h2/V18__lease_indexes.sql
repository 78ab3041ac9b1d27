-- H2 (embedded default): plain indexes in the lease query's order; PostgreSQL's version
-- (db/postgresql) makes them partial on what can still be leased.
drop index task_campaign;
create index task_lease on task (campaign_id, priority desc, id);
create index task_in_campaign on task (campaign_id);
