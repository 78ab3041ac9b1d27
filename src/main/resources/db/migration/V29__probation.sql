-- Probation: a new labeler's ledger rows are pending (not payable) until gold evidence releases them.
-- payable_at is when a row starts counting for token epochs: created_at for ordinary rows, the release
-- time for released ones, null while pending or after a pending row was reversed (never paid).
alter table ledger_entry add column pending boolean default false not null;
alter table ledger_entry add column payable_at timestamp(6) with time zone;
update ledger_entry set payable_at = created_at;
create index ledger_payable on ledger_entry(payable_at);
-- finds a labeler's pending rows (release, reversal, the profile's pending sum) without their whole ledger
create index ledger_pending on ledger_entry(labeler_id, pending);
-- null while the labeler is on probation; set once, when their gold record releases their points
alter table labeler_progress add column released_at timestamp(6) with time zone;
