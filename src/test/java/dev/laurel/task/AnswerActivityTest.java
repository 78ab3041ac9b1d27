package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers panel's counts: the last hour counted per view, older answers settled once and kept. */
@QuarkusTest
class AnswerActivityTest {
    @Inject
    AnswerActivity activity;

    private static int answerAll(Fixtures.User labeler, long campaign) {
        int answered = 0;
        while (true) {
            var next = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next");
            if (next.statusCode() == 204) {
                return answered;
            }
            long task = next.then().statusCode(200).extract().jsonPath().getLong("taskId");
            as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                    .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
            answered++;
        }
    }

    @Test
    void answersMoveFromTheLastHourIntoTheSettledCountsAndAreCountedOnce() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 5, 1, null);
        int answered = answerAll(Fixtures.labeler(), campaign);
        assertEquals(5, answered);
        Duration bucket = Duration.ofMinutes(1);
        Instant now = Instant.now();

        AnswerActivity.Counts fresh = activity.count(campaign, bucket, now);
        assertEquals(5, fresh.total());
        assertEquals(5, fresh.lastHour(), "all answered within the hour");

        // two hours on, the same answers are settled: still five in all, none in the last hour
        AnswerActivity.Counts later = activity.count(campaign, bucket, now.plus(Duration.ofHours(2)));
        assertEquals(5, later.total());
        assertEquals(0, later.lastHour());
        AnswerActivity.Counts again = activity.count(campaign, bucket, now.plus(Duration.ofHours(2)));
        assertEquals(5, again.total(), "settled answers are not counted twice");
        assertEquals(later.byBucket(), again.byBucket());

        // a coarser bucket regroups the settled counts instead of counting again
        AnswerActivity.Counts hourly = activity.count(campaign, Duration.ofHours(1), now.plus(Duration.ofHours(2)));
        assertEquals(5, hourly.total());
        long hour = Math.floorDiv(now.getEpochSecond(), 3600);
        hourly.byBucket().keySet().forEach(key -> org.junit.jupiter.api.Assertions.assertTrue(key == hour || key == hour - 1,
                "an hour's bucket number, not a minute's: " + key));

        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/campaigns/" + campaign + "/activity").then().statusCode(200)
                .body(containsString("data-total=\"5\""));
    }

    @Test
    void regroupingNestedBucketsKeepsEveryAnswer() {
        Map<Long, Long> minutes = Map.of(0L, 2L, 4L, 1L, 5L, 3L, 59L, 1L, 60L, 7L);
        assertEquals(Map.of(0L, 3L, 1L, 3L, 11L, 1L, 12L, 7L),
                AnswerActivity.regroup(minutes, Duration.ofMinutes(1), Duration.ofMinutes(5)).orElseThrow());
        assertEquals(Map.of(0L, 7L, 1L, 7L),
                AnswerActivity.regroup(minutes, Duration.ofMinutes(1), Duration.ofHours(1)).orElseThrow());
        assertEquals(java.util.Optional.empty(),
                AnswerActivity.regroup(minutes, Duration.ofMinutes(5), Duration.ofMinutes(7)));
    }
}
