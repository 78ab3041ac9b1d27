-- Labelers' onboarding. A gold item may be a practice item: shown with its explanation in the
-- onboarding's practice, never made into a gold task (a labeler who practised it would know it).
alter table gold_item add column practice boolean default false not null;
create index gold_item_practice on gold_item(practice, id);

-- A labeler who finished or skipped the onboarding: the first-visit banner is no longer shown.
create table labeler_onboarding (
    labeler_id   bigint primary key references app_user(id),
    finished_at  timestamp(6) with time zone not null
);
