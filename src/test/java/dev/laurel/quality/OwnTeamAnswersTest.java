package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.AccountAdministration;
import dev.laurel.account.Team;
import dev.laurel.account.User;
import dev.laurel.game.LedgerEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform's rule on a team's own campaigns: accounts of the owning team earn nothing there and
 * are left out of the campaign's consensus, however many of them vote.
 */
@io.quarkus.test.junit.QuarkusTest
class OwnTeamAnswersTest {
    @Inject
    AccountAdministration administration;

    /** The labeler's team is cached (quality reads it for every answer): an admin moving them into a team counts at once. */
    @Test
    void aLabelerMovedIntoTheOwningTeamEarnsNothingFromTheirNextAnswer() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 2, 3, 0);
        QualityFixtures.open(modeler, campaign);
        Fixtures.User labeler = Fixtures.labeler();
        answer(labeler, campaign, "A"); // read (and cached) while the labeler has no team
        await().atMost(Duration.ofSeconds(30)).until(() -> awards(labeler.id()).size() == 1);
        assertTrue(awards(labeler.id()).stream().noneMatch(row -> row.reason.contains("own team")));

        QuarkusTransaction.requiringNew().run(() -> {
            User admin = User.find("username", Fixtures.ADMIN).firstResult();
            String team = Team.<Team>findById(User.<User>findById(modeler.id()).teamId).name;
            administration.changeRole(admin, labeler.id(), "labeler", team);
        });
        answer(labeler, campaign, "A");
        await().atMost(Duration.ofSeconds(30)).until(() -> awards(labeler.id()).size() == 2);
        assertEquals(1, awards(labeler.id()).stream().filter(row -> row.reason.contains("belongs to your own team")).count(),
                "the answer after the move is the team's own: " + awards(labeler.id()));
    }

    @Test
    void ownTeamAnswersEarnZeroWithAReasonAndDoNotMoveConsensus() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 1, 5, 0); // one task, five answers
        QualityFixtures.settings(modeler, campaign, Map.of("consensusThreshold", 1.0)); // no early settling
        QualityFixtures.open(modeler, campaign);
        long team = QuarkusTransaction.requiringNew().call(() -> User.<User>findById(modeler.id()).teamId);

        // three labeler accounts tied to the owning team vote B first, then two honest labelers vote A
        List<Fixtures.User> teamAccounts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Fixtures.User labeler = Fixtures.labeler();
            QuarkusTransaction.requiringNew().run(() -> User.update("teamId = ?1 where id = ?2", team, labeler.id()));
            teamAccounts.add(labeler);
        }
        List<Fixtures.User> honest = List.of(Fixtures.labeler(), Fixtures.labeler());
        for (Fixtures.User labeler : teamAccounts) {
            answer(labeler, campaign, "B");
        }
        for (Fixtures.User labeler : honest) {
            answer(labeler, campaign, "A");
        }

        List<Fixtures.User> everyone = new ArrayList<>(teamAccounts);
        everyone.addAll(honest);
        await().atMost(Duration.ofSeconds(30)).until(() -> everyone.stream().allMatch(l -> !awards(l.id()).isEmpty()));
        for (Fixtures.User labeler : teamAccounts) {
            List<LedgerEntry> rows = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("labelerId", labeler.id()));
            assertEquals(1, rows.size(), "one row, of 0 points, per own-team answer");
            assertEquals(0, rows.get(0).points);
            assertTrue(rows.get(0).reason.contains("belongs to your own team"), rows.get(0).reason);
        }
        for (Fixtures.User labeler : honest) {
            // scored by the formula as usual (answered instantly here, so the too-fast rule may pay them nothing)
            assertTrue(awards(labeler.id()).stream().noneMatch(row -> row.reason.contains("own team")));
        }

        as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200);
        JsonPath report = as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                .extract().jsonPath();
        // the team's three B votes are not in the task's consensus: it counts two answers, and their majority is A. (Not
        // the Dawid-Skene answer: pairwise is one fit over every campaign, so with two new labelers its class prior, set
        // by whatever else the database holds, can outweigh their two votes.)
        assertEquals(2, report.getInt("tasks[0].answers"), "consensus counts only the two honest answers");
        assertEquals(List.of("A"), report.getList("tasks[0].majority"), "consensus follows the two honest labelers, not the team's three");
        // nor are they in the campaign's dataset
        as(modeler.token()).post("/api/campaigns/" + campaign + "/datasets").then().statusCode(201)
                .body("votes", org.hamcrest.Matchers.equalTo(2));
    }

    private static void answer(Fixtures.User labeler, long campaign, String choice) {
        long task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
        QualityFixtures.answer(labeler, campaign, task, choice).then().statusCode(201);
    }

    private static List<LedgerEntry> awards(long labelerId) {
        return QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("labelerId = ?1 and kind = ?2",
                labelerId, LedgerEntry.Kind.AWARD));
    }
}
