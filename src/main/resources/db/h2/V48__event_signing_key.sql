-- See db/postgresql/V48: the key the outbox relay signs broker messages with (H2's RANDOM_UUID is SecureRandom's).
create table event_signing_key (
    id     int primary key check (id = 1),
    secret varchar(64) not null
);
insert into event_signing_key (id, secret)
values (1, replace(cast(random_uuid() as varchar), '-', '') || replace(cast(random_uuid() as varchar), '-', ''));
