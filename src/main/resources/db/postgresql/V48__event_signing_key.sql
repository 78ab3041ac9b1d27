-- The key the outbox relay signs broker messages with (platform.EventSignatures): made once, here, by the
-- database's own strong random source (gen_random_uuid, 2 × 122 random bits), so every process of a
-- deployment shares it without configuration and a client of the broker alone cannot sign.
create table event_signing_key (
    id     int primary key check (id = 1),
    secret varchar(64) not null
);
insert into event_signing_key (id, secret)
values (1, replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''));
