-- Imported answers (dev.laurel.importing): votes and labels made elsewhere (Chatbot Arena battles, Label
-- Studio exports) stored as ordinary submissions, so consensus, leaderboards and datasets read them the way
-- they read every answer. An imported answer has no labeler account: labeler_id is null, annotator_id names
-- its provenance (source, the original annotator's pseudonym), created_at is the original time when the
-- record gave one, imported_at when it was imported. Game never hears of it (no event), so it earns nothing.
create table imported_annotator (
    id           bigint primary key,
    campaign_id  bigint not null references campaign(id),
    source       varchar(16) not null,
    -- null: the record named no annotator (each such record is its own anonymous annotator)
    pseudonym    varchar(200),
    constraint imported_annotator_once unique (campaign_id, source, pseudonym)
);
create sequence imported_annotator_seq start with 1 increment by 50;

alter table submission alter column labeler_id drop not null;
alter table submission add column annotator_id bigint references imported_annotator(id);
alter table submission add column source varchar(16);
alter table submission add column imported_at timestamp(6) with time zone;
alter table submission add constraint submission_imported_once unique (task_id, annotator_id);
alter table submission add constraint submission_answered_by check (labeler_id is not null or annotator_id is not null);

-- replies imported without a registered model ("human" or "unknown"): kept by a candidate row of that
-- source, which the model leaderboard leaves out
alter table candidate add column reply_source varchar(16);
