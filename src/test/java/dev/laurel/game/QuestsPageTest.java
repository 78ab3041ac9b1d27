package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Outbox;
import dev.laurel.quality.AnswerAssessed;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The labeler's quests and badge gallery: every badge, earned or locked, with the progress towards the locked ones. */
@QuarkusTest
class QuestsPageTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(35_000_000);
    /** A badge card: its code, whether it is earned, and its progress sentence when locked. */
    private static final Pattern BADGE = Pattern.compile("data-testid=\"badge\" data-code=\"([A-Z0-9_]+)\" data-earned=\"(true|false)\">"
            + "(?:(?!data-testid=\"badge\").)*?(?:data-testid=\"badge-progress\">([^<]*)<|</li>)", Pattern.DOTALL);

    @Inject
    PointsLedger ledger;

    @Test
    void theGalleryShowsEveryBadgeWithProgressTowardsTheLockedOnes() {
        long campaign = Fixtures.openCampaign(Fixtures.modeler(), 1, 1, null);
        Instant now = Instant.now();
        String title = Fixtures.unique("Twenty answers");
        as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "metric", "ANSWERS", "target", 20, "campaignId", campaign,
                        "startsAt", now.minusSeconds(3600).toString(), "endsAt", now.plusSeconds(86_400).toString(), "rewardPoints", 5))
                .post("/api/admin/quests").then().statusCode(201);
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);

        Map<String, String[]> before = badges(Fixtures.browser(session).get("/quests").then().statusCode(200).extract().asString());
        assertEquals(6, before.size(), "every badge is in the gallery: " + before.keySet());
        before.forEach((code, card) -> assertEquals("false", card[0], code + " is locked for a new labeler"));
        assertEquals("0 of 10 comparisons", before.get("FIRST_10")[1]);

        for (int i = 0; i < 10; i++) {
            ledger.score(new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, campaign, labeler.id(), "A",
                    5_000, now.plusMillis(i), TaskKind.PAIRWISE, null));
        }
        String page = Fixtures.browser(session).get("/quests").then().statusCode(200).extract().asString();
        Map<String, String[]> after = badges(page);
        assertEquals("true", after.get("FIRST_10")[0], "ten comparisons earn First Ten");
        assertEquals("false", after.get("CENTURY")[0]);
        assertEquals("10 of 100 answers", after.get("CENTURY")[1]);
        assertEquals("0 of 100 checks passed; no checks answered yet, needs at least 90%", after.get("SHARP_EYE")[1]);
        assertTrue(after.get("WEEKLY_TOP_10")[0].equals("true") || after.get("WEEKLY_TOP_10")[1].matches("(#\\d+|below #1000) on this week's board; needs the top 10"),
                String.join(" / ", after.get("WEEKLY_TOP_10")));
        // earned badges come first
        assertEquals("FIRST_10", firstLocked(page, true));
        // the campaign's quest, half done
        int quest = page.indexOf(title);
        assertTrue(quest > 0, "the open quest is listed");
        String card = page.substring(quest, page.indexOf("</li>", quest));
        assertTrue(card.contains("value=\"50\""), card);
        assertTrue(card.contains("10 of 20"), card);
    }

    private static String firstLocked(String page, boolean earned) {
        Matcher m = BADGE.matcher(page);
        return m.find() && Boolean.parseBoolean(m.group(2)) == earned ? m.group(1) : null;
    }

    private static Map<String, String[]> badges(String page) {
        Map<String, String[]> cards = new HashMap<>();
        Matcher m = BADGE.matcher(page);
        while (m.find()) {
            cards.put(m.group(1), new String[] {m.group(2), m.group(3) == null ? null : m.group(3).strip()});
        }
        return cards;
    }
}
