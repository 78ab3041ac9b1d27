-- A model team pauses an open campaign (labelers get none of its tasks until it resumes) and closes it for good.
alter table campaign add column paused_at timestamp(6) with time zone;
alter table campaign add column closed_at timestamp(6) with time zone;
