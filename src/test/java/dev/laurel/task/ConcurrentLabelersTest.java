package dev.laurel.task;

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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many labelers racing for few tasks on PostgreSQL: exactly overlap answers per task, nobody twice. */
@QuarkusTest
class ConcurrentLabelersTest {
    @Inject
    EntityManager em;

    @Test
    void twentyLabelersOnTenTasksWithOverlapThreeGiveExactlyThirtyAnswers() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 10, 3, null);
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            labelers.add(Fixtures.labeler());
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Integer>> answered = new ArrayList<>();
        for (Fixtures.User labeler : labelers) {
            answered.add(pool.submit(() -> {
                start.await();
                int count = 0;
                while (true) {
                    Response next = TaskQueueTest.next(labeler, campaign);
                    if (next.statusCode() == 204) {
                        return count;
                    }
                    if (next.statusCode() != 200) {
                        failures.add("next: " + next.statusCode() + " " + next.asString());
                        return count;
                    }
                    Response answer = TaskQueueTest.answer(labeler, campaign, next.jsonPath().getLong("taskId"), "A");
                    if (answer.statusCode() != 201) {
                        failures.add("answer: " + answer.statusCode() + " " + answer.asString());
                    } else {
                        count++;
                    }
                }
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : answered) {
            total += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertTrue(failures.isEmpty(), () -> "unexpected responses: " + failures);
        assertEquals(30, total);
        QuarkusTransaction.requiringNew().run(() -> {
            Number submissions = (Number) em.createNativeQuery(
                    "select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = ?1")
                    .setParameter(1, campaign).getSingleResult();
            assertEquals(30, submissions.intValue());
            Number distinct = (Number) em.createNativeQuery("select count(*) from (select distinct s.task_id, s.labeler_id"
                    + " from submission s join task t on t.id = s.task_id where t.campaign_id = ?1) x")
                    .setParameter(1, campaign).getSingleResult();
            assertEquals(30, distinct.intValue(), "a labeler answered one task twice");
            @SuppressWarnings("unchecked")
            List<Object[]> counters = em.createNativeQuery(
                    "select accepted_count, leased_count from task where campaign_id = ?1").setParameter(1, campaign).getResultList();
            assertEquals(10, counters.size());
            for (Object[] row : counters) {
                assertEquals(3, ((Number) row[0]).intValue());
                assertEquals(0, ((Number) row[1]).intValue());
            }
        });
    }
}
