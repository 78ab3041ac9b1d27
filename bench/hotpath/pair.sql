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
-- TaskQueue.leaseStatement(false, false), word for word (partial index task_lease)
select t.id from task t
where t.campaign_id = @CAMPAIGN@
  and t.gold_kind is null and t.accepted_count + t.leased_count < t.overlap
  and not exists (select 1 from task_assignment a where a.task_id = t.id and a.labeler_id = :labeler)
order by t.priority desc, t.id
limit 1
for update skip locked \gset
-- em.find(Task) of the locked row
select public_id, prompt_id, left_generation_id, right_generation_id, overlap, accepted_count, leased_count, votes
  from task where id = :id \gset t_
insert into task_assignment (id, task_id, labeler_id, status, leased_at, expires_at)
values (nextval('task_assignment_seq'), :id, :labeler, 'LEASED', now(), now() + interval '600 seconds')
returning id as assignment \gset
-- the view: prompt text and both replies in one read
select text from prompt where id = :t_prompt_id;
select id, text from generation where id in (:t_left_generation_id, :t_right_generation_id);
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
select labeler_id, gold_correct, gold_seen from labeler_quality where labeler_id in (:labeler);
select labeler_id from labeler_campaign_stats
 where campaign_id = @CAMPAIGN@ and dropped = true and labeler_id in (:labeler);
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
