package dev.laurel.arena;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the PRD Vicuna80 human votes ({@code ../shared/data/prefs-prd-vicuna80}) imported as Chatbot Arena
 * battle records through the REST API, as a model team with votes it already has would do — no labeler
 * accounts, no queue. The leaderboard must then reproduce PRD's published win rates and win matrix to the last
 * digit, and Bradley-Terry must order the models as the win rates do; the datasets hold the imported votes.
 */
@QuarkusTest
class PrdVicuna80ImportTest {
    private static final Path DATA = Path.of("../shared/data/prefs-prd-vicuna80");
    /** The five models with published answers; in the published ranking order. */
    private static final List<String> RANKED = List.of("gpt4", "claude", "vicuna-13b", "gpt35", "bard");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One human vote from a file answer_{a}-vs-answer_{b}: score 1 = a better, 2 = b better, 3 = tie. */
    private record Vote(String a, String b, int score) {
    }

    /** A PRD item: a question and an unordered pair of models (each such item is one Laurel task). */
    private record Item(int question, String pair) {
        static Item of(int question, String x, String y) {
            return new Item(question, x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x);
        }
    }

    /** What the replay left behind, shared by the tests of this class (the replay takes a while). */
    record Replayed(long campaign, Fixtures.User modeler, int answered, int imports) {
    }

    private static Replayed replayed;

    static synchronized Replayed replay() throws Exception {
        if (replayed == null || as(replayed.modeler().token()).get("/api/me").statusCode() != 200) {
            replayed = importVotes();
        }
        return replayed;
    }

    @Test
    void everyVoteIsImportedOnceOnTheEightHundredItems() throws Exception {
        Replayed r = replay();

        assertEquals(1760, r.answered(), "every human vote between the five models is imported once");
        assertEquals(16, r.imports(), "one import per PRD file");
        assertEquals(80, as(r.modeler().token()).get("/api/campaigns/" + r.campaign() + "/prompts")
                .then().statusCode(200).extract().jsonPath().getList("$").size(), "one prompt per question");
    }

    @Test
    void winRatesAndWinMatrixReproducePrdExactly() throws Exception {
        Replayed r = replay();

        JsonNode table = JSON.readTree(as(r.modeler().token()).get("/api/campaigns/" + r.campaign() + "/leaderboard/win-rates")
                .then().statusCode(200).extract().asString());

        List<String> names = new ArrayList<>();
        table.get("models").forEach(m -> names.add(m.get("name").asText()));
        assertEquals(RANKED, names, "models by win rate");
        double[] winRates = new double[5];
        for (int i = 0; i < 5; i++) {
            winRates[i] = table.get("models").get(i).get("winRate").asDouble();
        }
        // README.txt / peer_ranking.ipynb: gpt-4, claude, vicuna, gpt-3.5, bard
        assertArrayEquals(new double[] {0.821875, 0.6890625, 0.3890625, 0.3140625, 0.2859375}, winRates, 0);
        double nan = Double.NaN;
        double[][] published = {
            {nan, .8125, .8, .81875, .85625},
            {.1875, nan, .8875, .8125, .86875},
            {.2, .1125, nan, .6125, .63125},
            {.18125, .1875, .3875, nan, .5},
            {.14375, .13125, .36875, .5, nan},
        };
        for (int row = 0; row < 5; row++) {
            double[] actual = new double[5];
            for (int column = 0; column < 5; column++) {
                JsonNode cell = table.get("winFractions").get(row).get(column);
                actual[column] = cell.isNull() ? nan : cell.asDouble();
                assertEquals(row == column ? 0 : 80, table.get("items").get(row).get(column).asInt());
            }
            assertArrayEquals(published[row], actual, 0, "row " + RANKED.get(row));
        }
        assertEquals(1760, table.get("votes").asInt());
    }

    @Test
    void bradleyTerryOrderAgreesAndMatchesTheDirectFit() throws Exception {
        Replayed r = replay();

        JsonNode board = JSON.readTree(as(r.modeler().token()).get("/api/campaigns/" + r.campaign() + "/leaderboard")
                .then().statusCode(200).extract().asString());

        assertEquals(1760, board.get("votes").asInt());
        assertEquals(100, board.get("rounds").asInt());
        List<String> order = new ArrayList<>();
        board.get("models").forEach(m -> order.add(m.get("name").asText()));
        assertEquals(RANKED, order, "Bradley-Terry order");
        double[] direct = BradleyTerry.fit(PrdVicuna80.battles(), PrdVicuna80.MODELS.size());
        double sum = 0;
        for (JsonNode model : board.get("models")) {
            int index = PrdVicuna80.MODELS.indexOf(model.get("name").asText());
            assertEquals(direct[index], model.get("rating").asDouble(), 1e-6, model.get("name").asText());
            assertTrue(model.get("lower").asDouble() <= model.get("rating").asDouble()
                    && model.get("rating").asDouble() <= model.get("upper").asDouble(), model.toString());
            assertEquals(votesOf(model.get("name").asText()), model.get("battles").asInt(), "battles");
            sum += model.get("rating").asDouble();
        }
        assertEquals(5000, sum, 1e-6, "ratings average 1000");
        assertEquals(1, board.get("models").get(0).get("rank").asInt());
        assertEquals(false, board.get("stale").asBoolean());
    }

    @Test
    void datasetSnapshotsOfTheReplayAreReproducibleAndHoldTheConsensus() throws Exception {
        Replayed r = replay();
        String base = "/api/campaigns/" + r.campaign() + "/datasets";

        JsonNode first = JSON.readTree(as(r.modeler().token()).post(base).then().statusCode(201).extract().asString());
        JsonNode second = JSON.readTree(as(r.modeler().token()).post(base).then().statusCode(201).extract().asString());

        // expected TRL rows: items whose human votes do not cancel out, margin |wins_A - wins_B| / votes
        List<Double> expectedMargins = new ArrayList<>();
        for (List<Vote> item : votes().values()) {
            long winsA = item.stream().filter(v -> v.score() == 1).count();
            long winsB = item.stream().filter(v -> v.score() == 2).count();
            if (winsA != winsB) {
                expectedMargins.add((double) Math.abs(winsA - winsB) / item.size());
            }
        }
        assertEquals(1, first.get("version").asInt());
        assertEquals(2, second.get("version").asInt());
        assertEquals(1760, first.get("votes").asInt());
        assertEquals(80, first.get("prompts").asInt());
        assertEquals(5, first.get("models").asInt());
        assertEquals(expectedMargins.size(), first.get("pairs").asInt());
        java.util.Set<String> replies = replyTexts();
        for (int f = 0; f < first.get("files").size(); f++) {
            JsonNode file = first.get("files").get(f);
            if (file.get("sha256").isNull()) {
                continue; // made on request: trl-config.yaml, huggingface.zip
            }
            byte[] bytes = as(r.modeler().token()).get(file.get("href").asText()).then().statusCode(200)
                    .header("ETag", "\"" + file.get("sha256").asText() + "\"").extract().asByteArray();
            assertEquals(file.get("sha256").asText(), sha256(bytes), "a download hashes to the recorded SHA-256: " + file);
            assertEquals(file.get("sha256").asText(), second.get("files").get(f).get("sha256").asText(),
                    "the same votes give the same bytes: " + file.get("name"));
            String text = new String(bytes, StandardCharsets.UTF_8);
            switch (file.get("name").asText()) {
                case "pairs.jsonl" -> {
                    List<Double> margins = new ArrayList<>();
                    for (String line : text.split("\n")) {
                        JsonNode pair = JSON.readTree(line);
                        assertEquals(List.of("prompt", "chosen", "rejected", "margin"), fieldNames(pair));
                        assertTrue(replies.contains(pair.get("chosen").asText()) && replies.contains(pair.get("rejected").asText()));
                        margins.add(pair.get("margin").asDouble());
                    }
                    margins.sort(null);
                    expectedMargins.sort(null);
                    assertEquals(expectedMargins, margins);
                }
                case "votes.jsonl" -> {
                    String[] lines = text.split("\n");
                    assertEquals(1760, lines.length);
                    JsonNode vote = JSON.readTree(lines[0]);
                    assertEquals(List.of("prompt_id", "prompt", "model_a", "model_b", "response_a", "response_b", "winner",
                            "labeler", "reliability", "shown_left", "created_at"), fieldNames(vote));
                    assertTrue(vote.get("labeler").asText().matches("l_[0-9a-f]{32}"), vote.get("labeler").asText());
                    assertEquals(1.0, vote.get("reliability").asDouble());
                    long labelers = java.util.Arrays.stream(lines).map(l -> {
                        try {
                            return JSON.readTree(l).get("labeler").asText();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).distinct().count();
                    assertEquals(3, labelers, "three pseudonymous labelers");
                }
                case "pairs-conversational.jsonl" -> {
                    String[] lines = text.split("\n");
                    assertEquals(expectedMargins.size(), lines.length);
                    JsonNode pair = JSON.readTree(lines[0]);
                    assertEquals(List.of("prompt", "chosen", "rejected", "margin"), fieldNames(pair));
                    assertEquals("user", pair.get("prompt").get(0).get("role").asText());
                    assertEquals("assistant", pair.get("chosen").get(0).get("role").asText());
                }
                case "votes.csv" -> {
                    String[] lines = text.split("\n");
                    assertEquals("prompt_id,model_a,model_b,winner,labeler,reliability,shown_left,created_at", lines[0]);
                    assertEquals(1761, lines.length);
                }
                default -> assertEquals(file.get("rows").asInt(), JSON.readTree(bytes).size(), file.get("name").asText());
            }
        }
        String config = as(r.modeler().token()).get(base + "/1/trl-config.yaml").then().statusCode(200).extract().asString();
        assertTrue(config.contains(first.get("files").get(0).get("sha256").asText()), config);
    }

    private static java.util.Set<String> replyTexts() {
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (String model : RANKED) {
            jsonLines(DATA.resolve("generations/answer_" + model + ".jsonl")).forEach(a -> texts.add(a.get("text").asText()));
        }
        return texts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void leaderboardPageDrawsTheFiveModelsInOrder() throws Exception {
        Replayed r = replay();

        String page = as(r.modeler().token()).accept(ContentType.HTML).get("/campaigns/" + r.campaign() + "/leaderboard")
                .then().statusCode(200).extract().asString();

        int previous = -1;
        for (String model : RANKED) {
            int at = page.indexOf(">" + model + "</text>");
            assertTrue(at > previous, model + " is drawn after the better models");
            previous = at;
        }
        assertEquals(5, page.split("<line class=\"interval\"").length - 1);
    }

    /** Human votes the model took part in. */
    private static int votesOf(String model) {
        return (int) votes().values().stream().flatMap(List::stream)
                .filter(v -> v.a().equals(model) || v.b().equals(model)).count();
    }

    /**
     * The votes as Chatbot Arena battle records (prompt, response_a, response_b, winner, judge), one import per
     * PRD file (the test's upload limit is 2 MB; an item's votes span two files, so imports share tasks). The
     * three reviewers of an item are judges "prd-1" to "prd-3", in file order.
     */
    private static Replayed importVotes() throws Exception {
        long start = System.nanoTime();
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        Map<Integer, String> questions = new HashMap<>();
        for (JsonNode question : jsonLines(DATA.resolve("vicuna_questions.jsonl"))) {
            questions.put(question.get("question_id").asInt(), question.get("text").asText());
        }
        Map<String, Map<Integer, String>> answers = new HashMap<>();
        for (String model : RANKED) {
            for (JsonNode answer : jsonLines(DATA.resolve("generations/answer_" + model + ".jsonl"))) {
                answers.computeIfAbsent(model, m -> new HashMap<>()).put(answer.get("question_id").asInt(), answer.get("text").asText());
            }
        }
        Map<Item, Integer> judged = new HashMap<>();
        int answered = 0;
        int imports = 0;
        for (String a : RANKED) {
            for (String b : RANKED) {
                Path file = DATA.resolve("answer_" + a + "-vs-answer_" + b + "-human-reviewer_threeclass.jsonl");
                if (a.equals(b) || !Files.exists(file)) {
                    continue;
                }
                StringBuilder battles = new StringBuilder();
                for (JsonNode line : jsonLines(file)) {
                    int question = line.get("question_id").asInt();
                    int judge = judged.merge(Item.of(question, a, b), 1, Integer::sum);
                    String winner = switch (line.get("score").asInt()) {
                        case 1 -> "model_a";
                        case 2 -> "model_b";
                        default -> "tie";
                    };
                    Map<String, Object> battle = new java.util.LinkedHashMap<>();
                    battle.put("model_a", a);
                    battle.put("model_b", b);
                    battle.put("winner", winner);
                    battle.put("judge", "prd-" + judge);
                    battle.put("prompt", questions.get(question));
                    battle.put("response_a", answers.get(a).get(question));
                    battle.put("response_b", answers.get(b).get(question));
                    battles.append(JSON.writeValueAsString(battle)).append('\n');
                }
                JsonNode result = JSON.readTree(as(modeler.token()).contentType("application/jsonl")
                        .body(battles.toString().getBytes(StandardCharsets.UTF_8))
                        .post("/api/campaigns/" + campaign + "/imports/arena")
                        .then().log().ifValidationFails().statusCode(201).extract().asString());
                answered += result.get("answers").asInt();
                imports++;
            }
        }
        System.out.printf("PRD Vicuna80 votes imported as Arena battles (%d files) in %.1f s%n", imports,
                (System.nanoTime() - start) / 1e9);
        return new Replayed(campaign, modeler, answered, imports);
    }

    /** The human votes of the 16 files between the five models, by item, in file order. */
    private static Map<Item, List<Vote>> votes() {
        Map<Item, List<Vote>> votes = new HashMap<>();
        for (String a : RANKED) {
            for (String b : RANKED) {
                Path file = DATA.resolve("answer_" + a + "-vs-answer_" + b + "-human-reviewer_threeclass.jsonl");
                if (a.equals(b) || !Files.exists(file)) {
                    continue;
                }
                for (JsonNode line : jsonLines(file)) {
                    votes.computeIfAbsent(Item.of(line.get("question_id").asInt(), a, b), k -> new ArrayList<>())
                            .add(new Vote(a, b, line.get("score").asInt()));
                }
            }
        }
        return votes;
    }

    private static List<JsonNode> jsonLines(Path file) {
        try {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
