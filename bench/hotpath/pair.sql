-- pgbench peer of one labeler's lease → answer: the statements TaskQueue.lease and TaskQueue.answer
-- issue on PostgreSQL, statement for statement (reads the app answers from its 1 s caches are left out:
-- campaign terms, quality settings, tokens). @CAMPAIGN@ is replaced by bench/hotpath.sh.
-- Each client rotates over 6 labelers of its own (32 clients × 6 = 192 labelers), so no two clients
-- ever lease for the same labeler (the app's labelers are sequential too: one request at a time).
\set n :n + 1
\set labeler_index :client_id + 32 * (:n % 6)
select id as labeler from bench_labeler where idx = :labeler_index \gset

-- lease (TaskQueue.lease)
begin;
-- QualityGate.admit: the labeler's stats in the campaign (suspended?)
select id, suspended, gold_seen, gold_correct from labeler_campaign_stats
 where campaign_id = @CAMPAIGN@ and labeler_id = :labeler;
-- a lease still held is handed back
select a.id from task_assignment a
 where a.labeler_id = :labeler and a.status = 'LEASED' and a.expires_at > now()
   and a.task_id in (select t.id from task t where t.campaign_id = @CAMPAIGN@) limit 1;
-- TaskQueue.leaseStatement(false, false): the same filter, order and lock (partial index task_lease)
-- (the whole row: the app reads it as the Task entity)
select t.id, t.public_id as t_public_id, t.prompt_id as t_prompt_id, t.left_generation_id as t_left_generation_id,
       t.right_generation_id as t_right_generation_id, t.overlap, t.accepted_count, t.leased_count, t.votes
from task t
where t.campaign_id = @CAMPAIGN@
  and t.gold_kind is null and t.accepted_count + t.leased_count < t.overlap
  and not exists (select 1 from task_assignment a where a.task_id = t.id and a.labeler_id = :labeler)
order by t.priority desc, t.id
limit 1
for update skip locked \gset
insert into task_assignment (id, task_id, labeler_id, status, leased_at, expires_at)
values (nextval('task_assignment_seq'), :id, :labeler, 'LEASED', now(), now() + interval '600 seconds')
returning id as assignment \gset
-- the view's prompt and reply texts: left out, like the other cached reads (the app reads them once
-- per task, on its first lease; the overlap's other leases find them cached)
-- Hibernate's dirty flush of task.leasedCount++
update task set leased_count = leased_count + 1 where id = :id;
commit;

-- answer (TaskQueue.answer)
begin;
-- lockTask: the task by its public id, select … for update
select id, overlap, accepted_count, leased_count, votes from task
 where public_id = :t_public_id and campaign_id = @CAMPAIGN@ for update;
-- assignmentOf
select id, status, leased_at from task_assignment where task_id = :id and labeler_id = :labeler;
insert into submission (id, task_id, labeler_id, choice, preferred_generation_id, reason, duration_ms, created_at, answer)
values (nextval('submission_seq'), :id, :labeler, case when :n % 2 = 0 then 'A' else 'B' end,
        case when :n % 2 = 0 then :t_left_generation_id else :t_right_generation_id end, null, 1, now(),
        '{"choice":"' || case when :n % 2 = 0 then 'A' else 'B' end || '","preferredGenerationId":'
          || case when :n % 2 = 0 then :t_left_generation_id else :t_right_generation_id end || '}')
returning id as submission \gset
-- QualityGate.overlapAfterAnswer → confidence: gold evidence and drops of the task's labelers
select u.id, coalesce(q.gold_correct, 0), coalesce(q.gold_seen, 0), coalesce(s.dropped, false)
  from app_user u left join labeler_quality q on q.labeler_id = u.id
  left join labeler_campaign_stats s on s.labeler_id = u.id and s.campaign_id = @CAMPAIGN@
 where u.id in (:labeler);
-- the outbox row of SubmissionAccepted, in the same transaction
insert into outbox_event (id, event_id, channel, payload, created_at)
values (nextval('outbox_event_seq'), gen_random_uuid()::text, 'submissions-out',
        json_build_object('eventId', gen_random_uuid()::text, 'submissionId', :submission, 'taskId', :id,
          'campaignId', @CAMPAIGN@, 'labelerId', :labeler, 'choice', case when :n % 2 = 0 then 'A' else 'B' end,
          'durationMs', 1, 'taskCompleted', false, 'acceptedAt', now(), 'kind', 'PAIRWISE', 'goldCorrect', null)::text,
        now());
-- Hibernate's dirty flush: the task's counters and votes, then the assignment
update task set accepted_count = accepted_count + 1, leased_count = leased_count - 1,
       votes = coalesce(votes || ';', '') || :labeler || '=' || case when :n % 2 = 0 then 'A' else 'B' end
 where id = :id;
update task_assignment set status = 'SUBMITTED', finished_at = now() where id = :assignment;
commit;
