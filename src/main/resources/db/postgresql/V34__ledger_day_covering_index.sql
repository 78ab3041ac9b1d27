-- Scoring sums a labeler's points of the day (the daily cap) for every answer: with kind and points in the
-- index, that sum is an index-only scan of a few pages instead of one heap page per ledger row (0.04 ms
-- against 0.2–5 ms at ~100 rows a day; EXPLAIN in the hot-path bench). Same keys as ledger_labeler (V4), which
-- it replaces for the labeler's history too.
create index ledger_labeler_day on ledger_entry (labeler_id, created_at) include (kind, points);
drop index ledger_labeler;
