-- Big mode: bulk-loads a campaign's past into the database, as if it had run for a while.
-- psql variables: campaign (made over REST, its tasks already there), done (tasks already answered
-- to their overlap of 3: done × 3 earlier answers), open (tasks still open, REST-made ones included).
-- Every earlier answer is complete everywhere the hot path and its consumers look: its assignment
-- (SUBMITTED), submission, both events in the outbox (published), the consumers' processed_event rows
-- (so nothing replays), its quality label, AWARD ledger row and scored row, and the campaign's progress.
-- Rows get ids from 1e9 up (far above what Hibernate has handed out); the sequences move past them.
\set ON_ERROR_STOP on
begin;
create temporary table labeler on commit drop as
  select row_number() over (order by id) - 1 as idx, id from app_user where username like 'bench-labeler-%';
create temporary table template on commit drop as
  select row_number() over (order by id) - 1 as k, prompt_id, left_generation_id, right_generation_id
  from task where campaign_id = :campaign;
select count(*) as labelers from labeler \gset
select count(*) as templates from template \gset
select coalesce(max(version), 1) as rule from reward_rule \gset
select :open - :templates as extra_open \gset

-- tasks: new rows cycle over the REST-made tasks' prompt and replies; the first :done are answered
-- (accepted_count = overlap: outside the lease index), the rest are open
insert into task (id, campaign_id, prompt_id, left_generation_id, right_generation_id, overlap, priority,
                  accepted_count, leased_count, created_at, kind, public_id, votes)
select 1000000000 + i, :campaign, t.prompt_id, t.left_generation_id, t.right_generation_id, 3, 0,
       case when i < :done then 3 else 0 end, 0, now() - interval '2 days', 'PAIRWISE',
       3000000000000 + i * 7,
       case when i < :done then (select string_agg(l.id || '=' || case when j % 2 = 0 then 'A' else 'B' end, ';' order by j)
                                  from generate_series(0, 2) j join labeler l on l.idx = (i * 3 + j) % :labelers) end
from generate_series(0, :done + :extra_open - 1) i
join template t on t.k = i % :templates;

-- the earlier answers: answer a = 3 × task + j, by labeler (a % labelers); ids 1e9 + a
create temporary table answer on commit drop as
select a, 1000000000 + a / 3 as task_id, l.id as labeler_id,
       case when a % 2 = 0 then 'A' else 'B' end as choice,
       now() - interval '1 day' + (a || ' milliseconds')::interval as at,
       md5('sub' || a)::uuid::text as sub_event, md5('ass' || a)::uuid::text as assess_event
from generate_series(0, :done * 3 - 1) a
join labeler l on l.idx = a % :labelers;

insert into task_assignment (id, task_id, labeler_id, status, leased_at, expires_at, finished_at)
select 1000000000 + a, task_id, labeler_id, 'SUBMITTED', at - interval '5 seconds', at + interval '10 minutes', at
from answer;
insert into submission (id, task_id, labeler_id, choice, preferred_generation_id, reason, duration_ms, created_at, answer)
select 1000000000 + a, task_id, labeler_id, choice, null, null, 5000, at, '{"choice":"' || choice || '"}'
from answer;
insert into outbox_event (id, event_id, channel, payload, created_at, published_at)
select 1000000000 + 2 * a, sub_event, 'submissions-out', '{"eventId":"' || sub_event || '"}', at, at
from answer
union all
select 1000000000 + 2 * a + 1, assess_event, 'assessments-out', '{"eventId":"' || assess_event || '"}', at, at
from answer;
insert into processed_event (consumer, event_id, processed_at)
select 'campaign-progress', 'submission-' || (1000000000 + a), at from answer
union all select 'submissions-quality', sub_event, at from answer
union all select 'game-scoring', assess_event, at from answer;
insert into quality_label (id, submission_id, task_id, campaign_id, labeler_id, kind, answer, gold_correct,
                           duration_ms, accepted_at, dropped)
select 1000000000 + a, 1000000000 + a, task_id, :campaign, labeler_id, 'PAIRWISE', choice, null, 5000, at, false
from answer;
insert into ledger_entry (id, labeler_id, submission_id, campaign_id, rule_version, kind, points, reason, created_at, ref)
select 1000000000 + a, labeler_id, 1000000000 + a, :campaign, :rule, 'AWARD', 10, 'bench history', at, 0
from answer;
insert into scored_submission (submission_id, labeler_id, campaign_id, kind, duration_ms, gold_correct, multiplier,
                               streak_days, combo, earned_today, budget_left, campaign_base_points, campaign_bonus,
                               rule_version, points, accepted_at)
select 1000000000 + a, labeler_id, :campaign, 'PAIRWISE', 5000, null, 1000000, 1, 1, 0, null, null, 0, :rule, 10, at
from answer;
update campaign_progress
   set tasks_total = tasks_total + :done + :extra_open, answers_required = answers_required + 3 * (:done + :extra_open),
       answers_accepted = answers_accepted + 3 * :done, tasks_completed = tasks_completed + :done
 where campaign_id = :campaign;

-- Hibernate's pooled sequences hand out (value - 50, value]: move every one past the loaded ids
select setval('task_seq', 2000000000), setval('task_assignment_seq', 2000000000),
       setval('submission_seq', 2000000000), setval('outbox_event_seq', 3000000000),
       setval('quality_label_seq', 2000000000), setval('ledger_entry_seq', 2000000000);
commit;
vacuum analyze;
