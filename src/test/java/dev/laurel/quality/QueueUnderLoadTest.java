package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL under 100 concurrent labelers with gold mixed in and dynamic overlap on: no task gets
 * more answers than its overlap allows, nobody answers a task twice, and expired leases come back.
 */
@QuarkusTest
class QueueUnderLoadTest {
    @Inject
    EntityManager em;

    @Test
    void hundredLabelersWithOverlapThreeNeverOverAssignOrRepeat() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 60, 3, 5);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.1, "honeypotRate", 0.05));
        QualityFixtures.open(modeler, campaign);
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            labelers.add(Fixtures.labeler());
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<Future<Integer>> runs = new ArrayList<>();
        for (Fixtures.User labeler : labelers) {
            runs.add(pool.submit(() -> {
                start.await();
                int count = 0;
                while (true) {
                    Response next = QualityFixtures.next(labeler, campaign);
                    if (next.statusCode() == 204) {
                        return count;
                    }
                    if (next.statusCode() != 200) {
                        failures.add("next: " + next.statusCode() + " " + next.asString());
                        return count;
                    }
                    String choice = next.jsonPath().getString("replyA").startsWith("right") ? "A" : "B";
                    Response answer = QualityFixtures.answer(labeler, campaign, next.jsonPath().getLong("taskId"), choice);
                    if (answer.statusCode() == 201) {
                        count++;
                    } else {
                        failures.add("answer: " + answer.statusCode() + " " + answer.asString());
                    }
                }
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> run : runs) {
            total += run.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(failures.isEmpty(), () -> "unexpected responses: " + failures);

        int answers = total;
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> tasks = em.createNativeQuery("""
                    select t.id, t.overlap, t.accepted_count, t.leased_count, t.gold_kind,
                           (select count(*) from submission s where s.task_id = t.id)
                    from task t where t.campaign_id = ?1""").setParameter(1, campaign).getResultList();
            int ordinary = 0;
            for (Object[] t : tasks) {
                int overlap = ((Number) t[1]).intValue();
                int accepted = ((Number) t[2]).intValue();
                long submissions = ((Number) t[5]).longValue();
                assertEquals(accepted, submissions, "counter and rows agree on task " + t[0]);
                assertEquals(0, ((Number) t[3]).intValue(), "no lease left behind on task " + t[0]);
                if (t[4] == null) {
                    ordinary++;
                    assertTrue(submissions <= 3, "task " + t[0] + " got " + submissions + " answers with maximum overlap 3");
                    assertTrue(submissions >= 2 && submissions == overlap, "task " + t[0] + " finished with "
                            + submissions + " answers, overlap " + overlap);
                }
            }
            assertEquals(60, ordinary);
            Number repeats = (Number) em.createNativeQuery("""
                    select count(*) from (select s.task_id, s.labeler_id from submission s join task t on t.id = s.task_id
                    where t.campaign_id = ?1 group by s.task_id, s.labeler_id having count(*) > 1) x""")
                    .setParameter(1, campaign).getSingleResult();
            assertEquals(0, repeats.intValue(), "a labeler answered a task twice");
            Number rows = (Number) em.createNativeQuery(
                    "select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = ?1")
                    .setParameter(1, campaign).getSingleResult();
            assertEquals(answers, rows.intValue());
        });
    }

    @Test
    void anExpiredLeaseGoesToTheNextLabeler() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, 1);
        Fixtures.uploadPrompts(modeler, campaign, 1);
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "terse");
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "verbose");
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.0, "honeypotRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        Fixtures.User first = Fixtures.labeler();
        Fixtures.User second = Fixtures.labeler();
        long task = QualityFixtures.next(first, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
        QualityFixtures.next(second, campaign).then().statusCode(204);
        Thread.sleep(1500);
        assertEquals(task, QualityFixtures.next(second, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId"));
        QualityFixtures.answer(second, campaign, task, "A").then().statusCode(201);
        QualityFixtures.answer(first, campaign, task, "B").then().statusCode(409);
    }
}
