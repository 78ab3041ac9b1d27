-- The labeler's local day of their latest answer: a second answer on the same day needs neither the
-- labeler_day insert nor the streak read (game/PointsLedger), which most answers are.
alter table labeler_progress add column last_answer_day date;
