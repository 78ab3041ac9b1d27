package dev.laurel.campaign;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prompts that are conversations: uploaded as message lists, shown to labelers as a transcript, escaped. */
@QuarkusTest
class ConversationPromptsTest {
    private static final String CONVERSATION = "[{\"role\": \"system\", \"content\": \"You are a pirate.\"},"
            + " {\"role\": \"user\", \"content\": \"Hi <b>there</b>\"},"
            + " {\"role\": \"assistant\", \"content\": \"Arr! <script>alert('pwned')</script>\"},"
            + " {\"role\": \"user\", \"content\": \"Where is the treasure?\"}]";

    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    private void upload(long campaign, String contentType, String body, int status) {
        as(modeler.token()).contentType(contentType).body(body).post("/api/campaigns/" + campaign + "/prompts")
                .then().statusCode(status);
    }

    @Test
    void aPromptSetMixesTextLinesAndConversationsInJsonlAndCsv() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        upload(campaign, "application/jsonl", "{\"id\": \"plain\", \"prompt\": \"Just a question?\"}\n"
                + "{\"id\": \"chat\", \"messages\": " + CONVERSATION + "}\n"
                + "{\"id\": \"one-turn\", \"messages\": [{\"role\": \"user\", \"content\": \"Only me\"}]}", 201);
        upload(campaign, "text/csv", "id,messages\ncsv-chat,\"[{\"\"role\"\": \"\"user\"\", \"\"content\"\": \"\"Hello\"\"},"
                + " {\"\"role\"\": \"\"assistant\"\", \"\"content\"\": \"\"Hi!\"\"}, {\"\"role\"\": \"\"user\"\", \"\"content\"\": \"\"Bye\"\"}]\"\n", 201);
        JsonPath prompts = as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("Just a question?", "Where is the treasure?", "Only me", "Bye"), prompts.getList("prompt"),
                "the flat text is the last user turn");
        assertEquals(List.of("system", "user", "assistant", "user"), prompts.getList("find { it.id == 'chat' }.messages.role"));
        assertEquals("Arr! <script>alert('pwned')</script>", prompts.getString("find { it.id == 'chat' }.messages[2].content"),
                "stored as sent; escaping is the page's job");
        assertEquals(null, (Object) prompts.get("find { it.id == 'plain' }.messages"), "a text prompt has no message list");
        assertEquals(null, (Object) prompts.get("find { it.id == 'one-turn' }.messages"), "one user turn is stored as plain text");
        assertEquals(3, prompts.getList("find { it.id == 'csv-chat' }.messages").size());
    }

    @Test
    void badConversationsAreReportedPerLineAndNothingIsSaved() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        String body = String.join("\n",
                "{\"id\": \"good\", \"messages\": [{\"role\": \"user\", \"content\": \"fine\"}]}",
                "{\"id\": \"robot\", \"messages\": [{\"role\": \"robot\", \"content\": \"beep\"}]}",
                "{\"id\": \"empty\", \"messages\": [{\"role\": \"user\", \"content\": \"\"}]}",
                "{\"id\": \"ends\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Yo\"}]}",
                "{\"id\": \"both\", \"prompt\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                "{\"id\": \"none\"}",
                "{\"id\": \"object\", \"messages\": {\"role\": \"user\", \"content\": \"x\"}}");
        as(modeler.token()).contentType("application/jsonl").body(body).post("/api/campaigns/" + campaign + "/prompts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing was saved"))
                .body("errors", hasSize(6))
                .body("errors", hasItem("Line 2: message 1 has role 'robot'; use system, user or assistant."))
                .body("errors", hasItem("Line 3: message 1 (user) has no content; every turn needs text."))
                .body("errors", hasItem(containsString("Line 4: the conversation ends with a assistant turn; it must end with the user's turn")))
                .body("errors", hasItem("Line 5: give either 'prompt' or 'messages', not both."))
                .body("errors", hasItem(containsString("Line 6: field 'prompt' is missing; give 'prompt' (text) or 'messages'")))
                .body("errors", hasItem(containsString("Line 7: 'messages' must be a non-empty array")));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().body("$", hasSize(0));
    }

    @Test
    void thePlayerShowsEarlierTurnsAsALabelledTranscriptWithEveryTurnEscaped() {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("chat"), "overlap", 1, "systemPrompt", "  Answer briefly.  "))
                .post("/api/campaigns").then().statusCode(201).body("systemPrompt", equalTo("Answer briefly."))
                .extract().jsonPath().getLong("id");
        upload(campaign, "application/jsonl", "{\"id\": \"p1\", \"messages\": " + CONVERSATION + "}", 201);
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "terse");
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "verbose");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);

        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session cookie = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String page = Fixtures.browser(cookie).get("/play/" + campaign)
                .then().statusCode(200).extract().asString();
        assertFalse(page.contains("<script>alert"), "a turn's HTML is never passed through");
        assertFalse(page.contains("<b>there</b>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;")
                || page.contains("&lt;script&gt;alert('pwned')&lt;/script&gt;"), page);
        assertTrue(page.contains("data-testid=\"conversation\""), page);
        assertEquals(3, page.split("data-testid=\"turn\"", -1).length - 1, "system, user and assistant turns before the prompt");
        for (String label : List.of("System", "User", "Assistant")) {
            assertTrue(page.contains("<p class=\"turn-role\">" + label + "</p>"), "role written out, not colour only: " + label);
        }
        assertTrue(page.contains("Where is the treasure?"));

        // the API shows the same turns
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .body("prompt", equalTo("Where is the treasure?"))
                .body("history.role", contains("system", "user", "assistant"))
                .body("history[2].content", equalTo("Arr! <script>alert('pwned')</script>"));
    }

    @Test
    void aPlainPromptHasNoTranscriptAndTheSystemPromptIsValidated() {
        long plain = Fixtures.openCampaign(modeler, 1, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).post("/api/campaigns/" + plain + "/tasks/next").then().statusCode(200)
                .body("history", nullValue());
        as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("chat"), "systemPrompt", "x".repeat(20_001)))
                .post("/api/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("system prompt is longer than 20000 characters"));
    }
}
