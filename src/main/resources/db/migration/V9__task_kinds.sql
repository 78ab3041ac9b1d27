-- Task kinds beyond pairwise: a campaign's kind-specific settings (JSON, validated at creation),
-- a task's kind and the replies it shows, and each answer as JSON.

alter table campaign add column settings varchar(20000);

alter table task add column kind varchar(24) default 'PAIRWISE' not null;
-- the replies a non-pairwise task shows, generation ids in display order ("12,7,31"); null for pairwise
alter table task add column reply_ids varchar(1000);
alter table task alter column left_generation_id drop not null;
alter table task alter column right_generation_id drop not null;
create index task_prompt on task(prompt_id);

alter table submission alter column choice drop not null;
-- the validated answer as JSON; a correction's edited text and diff can be long
alter table submission add column answer varchar(1000000);
