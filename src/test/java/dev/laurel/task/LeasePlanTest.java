package dev.laurel.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lease statement stays index-driven at any campaign size: on a campaign of 100k tasks, most of
 * them full, PostgreSQL's plan for every variant (ordinary or gold, with or without manual
 * assignments) walks a partial index in the query's order — no sort, no sequential scan of
 * {@code task}, and full tasks are not in the index at all. With manual assignments the planner may
 * instead start from the labeler's own assignments and sort those few tasks: bounded by what one
 * labeler was given, not by the campaign.
 */
@QuarkusTest
class LeasePlanTest {
    private static final int TASKS = 100_000;
    private static final Pattern SEQ_SCAN_OF_TASK = Pattern.compile("Seq Scan on task\\b");

    @Inject
    EntityManager em;

    @Test
    void leasingReadsAPartialIndexInOrderOnAHundredThousandTasks() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 3, null);
        QuarkusTransaction.requiringNew().run(() -> {
            // 100k copies of the campaign's first task: the first 80% full, every 20th a gold task
            em.createNativeQuery("""
                    insert into task (id, public_id, campaign_id, prompt_id, kind, left_generation_id, right_generation_id,
                                      gold_kind, overlap, priority, accepted_count, leased_count, created_at)
                    select 2000000000 + ?1 * 1000000 + g, 4503599627370496 + ?1 * 1000000 + g, t.campaign_id, t.prompt_id,
                           t.kind, t.left_generation_id, t.right_generation_id,
                           case when g % 20 = 0 then 'GOLD' end, 3, g % 3, case when g <= ?2 * 0.8 then 3 else 0 end, 0,
                           t.created_at
                    from generate_series(1, ?2) g,
                         (select * from task where campaign_id = ?1 order by id limit 1) t""")
                    .setParameter(1, campaign).setParameter(2, TASKS).executeUpdate();
            em.createNativeQuery("analyze task").executeUpdate();
            em.createNativeQuery("analyze task_assignment").executeUpdate();
        });
        long labeler = Fixtures.labeler().id();
        for (boolean gold : new boolean[] {false, true}) {
            for (boolean manual : new boolean[] {false, true}) {
                String plan = plan(TaskQueue.leaseStatement(gold, manual, true), campaign, labeler);
                assertFalse(SEQ_SCAN_OF_TASK.matcher(plan).find(), "sequential scan of task (gold=" + gold
                        + ", manual=" + manual + "):\n" + plan);
                if (manual && !gold && plan.contains("manual_assignment_labeler")) {
                    // driven by the labeler's own assignments: what it sorts is bounded by them, not by the campaign
                    assertTrue(plan.indexOf("manual_assignment_labeler") < plan.indexOf("on task t"),
                            "the manual lease does not start from the labeler's assignments:\n" + plan);
                    continue;
                }
                assertFalse(plan.contains("Sort"), "the lease sorts (gold=" + gold + ", manual=" + manual + "):\n" + plan);
                assertTrue(plan.contains(gold ? "task_lease_gold" : "task_lease on task"),
                        "the lease does not use its partial index (gold=" + gold + ", manual=" + manual + "):\n" + plan);
            }
        }
    }

    private String plan(String statement, long campaign, long labeler) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> lines = em.createNativeQuery("explain " + statement)
                    .setParameter(1, campaign).setParameter(2, labeler).getResultList();
            return String.join("\n", lines);
        });
    }
}
