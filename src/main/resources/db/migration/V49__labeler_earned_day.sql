-- What the labeler's answers earned on one UTC day (the daily cap's "earned today"), kept on the progress row
-- the scoring consumer locks anyway instead of summed over the ledger for every answer. A null day means
-- "not known": the next answer sums the ledger once (game.PointsLedger.earnedToday).
alter table labeler_progress add column earned_day date;
alter table labeler_progress add column earned_on_day bigint not null default 0;
