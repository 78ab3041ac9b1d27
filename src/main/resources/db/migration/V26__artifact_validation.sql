-- Uploaded model zips are validated by a worker-role process, never by the web process that received them:
-- the upload is streamed to the model store and its candidate waits in VALIDATING until a worker has loaded
-- it and run a forward pass (READY: candidate.artifact is set) or failed to (REJECTED, with the reason).
-- candidate.artifact keeps holding only a validated model, so generation never runs an unchecked one.
alter table candidate add column artifact_status varchar(16);
alter table candidate add column artifact_reason varchar(2000);
-- the SHA-256 of the latest upload (the one VALIDATING, or the last one READY/REJECTED)
alter table candidate add column artifact_upload varchar(64);
-- a worker's claim on the validation: another worker takes it over once the claim is stale (the first died)
alter table candidate add column artifact_claimed_at timestamp(6) with time zone;
alter table candidate add column artifact_attempts integer default 0 not null;

-- artifacts accepted before this migration were loaded and checked when uploaded
update candidate set artifact_status = 'READY', artifact_upload = artifact where artifact is not null;

create index candidate_artifact_validating on candidate (artifact_status, id);
