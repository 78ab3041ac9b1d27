-- Hot path (issue 11).
-- The answers a task has had so far, as the overlap decision reads them: "labelerId=answer" joined by
-- ';' (Task.votes), so answering never re-reads the task's submissions inside its row lock. Tasks
-- answered before this migration start with none: their dynamic overlap counts later answers only.
alter table task add column votes varchar(20000);

-- A message a consumer could not process (unreadable, invalid, or failing after retries): kept with
-- the reason for admins, who can put it back on its channel once the cause is fixed.
create table parked_event (
    id           bigint primary key,
    consumer     varchar(64) not null,
    event_id     varchar(64),
    channel      varchar(64) not null,
    payload      varchar(20000) not null,
    reason       varchar(1000) not null,
    parked_at    timestamp(6) with time zone not null,
    requeued_at  timestamp(6) with time zone
);
create sequence parked_event_seq start with 1 increment by 50;
create index parked_event_open on parked_event(requeued_at, id);
