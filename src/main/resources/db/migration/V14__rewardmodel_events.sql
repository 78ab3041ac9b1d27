-- Rewards the team's active reward model gave new generations when they were produced (pre-scoring
-- on generation.completed). One row per generation and model version, so a redelivered event
-- changes nothing and a newer version scores the generation again beside the old score.

create table generation_reward (
    id             bigint primary key,
    generation_id  bigint not null,
    model_id       bigint not null references reward_model(id),
    reward         double precision not null,
    scored_at      timestamp(6) with time zone not null,
    constraint generation_reward_once unique (generation_id, model_id)
);
create sequence generation_reward_seq start with 1 increment by 50;
create index generation_reward_generation on generation_reward(generation_id);

-- A job may fine-tune an uploaded full scorer (its artifact) instead of training a head.
alter table reward_model_job add column base_artifact varchar(64);
