package dev.laurel.dataset;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Hugging Face download of a pairwise dataset version, through the API: the zip is unpacked, its Parquet
 * files read back with DuckDB (an independent reader) and its dataset card's YAML header parsed.
 */
@QuarkusTest
class HuggingFaceExportTest {
    private static final int PROMPTS = 12;

    @TempDir
    Path dir;

    /** An open pairwise campaign where every prompt got one vote for the verbose reply; returns its id. */
    private static long votedCampaign(Fixtures.User modeler) {
        long campaign = Fixtures.openCampaign(modeler, PROMPTS, 1, null);
        for (int i = 0; i < PROMPTS; i++) {
            DatasetResourceTest.vote(Fixtures.labeler(), campaign, "verbose");
        }
        as(modeler.token()).post("/api/campaigns/" + campaign + "/datasets").then().statusCode(201);
        return campaign;
    }

    private static byte[] download(Fixtures.User modeler, long campaign, String query) {
        return as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/huggingface.zip" + query).then()
                .statusCode(200).contentType("application/zip")
                .header("Content-Disposition", containsString("campaign-" + campaign + "-v1-huggingface.zip"))
                .extract().asByteArray();
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private List<Map<String, Object>> query(String sql) throws Exception {
        return DuckDb.query(sql.replace("DIR", dir.toString()));
    }

    private void extract(Map<String, byte[]> files) throws Exception {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theZipIsAHuggingFaceDatasetFolderSplitByPromptWithACardThatCountsItsFiles() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = votedCampaign(modeler);

        Map<String, byte[]> files = unzip(download(modeler, campaign, "?testFraction=0.4&seed=5&license=cc-by-4.0"));
        extract(files);

        assertEquals(List.of("README.md", "data/train-00000-of-00001.parquet", "data/test-00000-of-00001.parquet",
                "standard/train-00000-of-00001.parquet", "standard/test-00000-of-00001.parquet",
                "votes/train-00000-of-00001.parquet", "votes/test-00000-of-00001.parquet"), List.copyOf(files.keySet()));
        assertEquals(List.of("prompt STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]",
                        "chosen STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]",
                        "rejected STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]", "margin DOUBLE"),
                query("describe select * from 'DIR/data/train-00000-of-00001.parquet'").stream()
                        .map(r -> r.get("column_name") + " " + r.get("column_type")).toList(), "TRL's conversational preference columns");

        List<Map<String, Object>> rows = query("select prompt[1].role as role, prompt[1].content as prompt, chosen[1].role as "
                + "chosen_role, chosen[1].content as chosen, rejected[1].content as rejected, margin, "
                + "regexp_extract(filename, '(train|test)') as split from read_parquet('DIR/data/*.parquet', filename = true) "
                + "order by prompt");
        assertEquals(PROMPTS, rows.size(), "one preference per prompt");
        TrainTestSplit split = new TrainTestSplit(0.4, 5);
        Set<String> test = new HashSet<>();
        for (Map<String, Object> row : rows) {
            String n = ((String) row.get("prompt")).replaceAll("\\D", "");
            assertEquals("user", row.get("role"));
            assertEquals("assistant", row.get("chosen_role"));
            assertEquals("verbose answer to " + n, row.get("chosen"));
            assertEquals("terse answer to " + n, row.get("rejected"));
            assertEquals(1.0, row.get("margin"));
            assertEquals(split.of("p" + n), row.get("split"), "the split of prompt p" + n + " is the seeded one");
            if (row.get("split").equals("test")) {
                test.add("Question number " + n + "?");
            }
        }
        assertTrue(!test.isEmpty() && test.size() < PROMPTS, "both splits hold prompts: " + test);
        List<Map<String, Object>> votes = query("select prompt, regexp_extract(filename, '(train|test)') as split, winner, "
                + "labeler from read_parquet('DIR/votes/*.parquet', filename = true)");
        assertEquals(PROMPTS, votes.size());
        for (Map<String, Object> vote : votes) {
            assertEquals(test.contains((String) vote.get("prompt")) ? "test" : "train", vote.get("split"),
                    "a prompt's votes are in the split of its pairs");
            assertTrue(((String) vote.get("labeler")).matches("l_[0-9a-f]{32}"));
        }

        String card = new String(files.get("README.md"), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> yaml = new Yaml().load(card.substring(4, card.indexOf("\n---\n", 4)));
        assertEquals("cc-by-4.0", yaml.get("license"));
        for (Map<String, Object> config : (List<Map<String, Object>>) yaml.get("dataset_info")) {
            String folder = config.get("config_name").equals("default") ? "data" : (String) config.get("config_name");
            for (Map<String, Object> splitInfo : (List<Map<String, Object>>) config.get("splits")) {
                long inFile = ((Number) query("select count(*) as n from 'DIR/" + folder + "/" + splitInfo.get("name")
                        + "-00000-of-00001.parquet'").get(0).get("n")).longValue();
                assertEquals(inFile, ((Number) splitInfo.get("num_examples")).longValue(), folder + " " + splitInfo.get("name"));
            }
        }
        Map<String, Object> laurel = (Map<String, Object>) yaml.get("laurel");
        assertEquals(PROMPTS, laurel.get("labelers"));
        assertEquals(PROMPTS, laurel.get("answers"));
        assertEquals(Map.of("by", "prompt_id", "test_fraction", 0.4, "seed", 5), laurel.get("split"));
    }

    @Test
    void theSameSeedGivesTheSameBytesAndTheDefaultsComeFromConfiguration() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = votedCampaign(modeler);

        byte[] first = download(modeler, campaign, "?seed=9&testFraction=0.5");
        assertArrayEquals(first, download(modeler, campaign, "?seed=9&testFraction=0.5"));
        String card = new String(unzip(download(modeler, campaign, "")).get("README.md"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(card.contains("license: other\n") && card.contains("test_fraction: 0.1\n") && card.contains("seed: 42\n"), card);
    }

    @Test
    void labelStudioAndArgillaFilesHoldEveryVote() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = votedCampaign(modeler);
        JsonPath snapshot = as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1").then().statusCode(200)
                .extract().jsonPath();

        ObjectMapper json = new ObjectMapper();
        JsonNode tasks = json.readTree(as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/labelstudio.json")
                .then().statusCode(200).extract().asByteArray());
        assertEquals(PROMPTS, tasks.size(), "one task per (prompt, pair)");
        assertEquals(snapshot.getLong("files.find { it.name == 'labelstudio.json' }.rows"), tasks.size());
        for (JsonNode task : tasks) {
            assertTrue(task.at("/data/text2").asText().startsWith("verbose answer to"), "model B registered second");
            assertEquals("right", task.at("/annotations/0/result/0/value/selected").asText());
        }
        JsonNode records = json.readTree(as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/argilla.json")
                .then().statusCode(200).extract().asByteArray());
        assertEquals(PROMPTS, records.size());
        assertEquals("model_b", records.at("/0/responses/winner/0/value").asText());
    }

    @Test
    void theDatasetPanelOffersTheDownloadWithTheConfiguredDefaults() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = votedCampaign(modeler);
        Fixtures.Session cookie = Fixtures.login(modeler.username(), Fixtures.PASSWORD);

        String html = Fixtures.browser(cookie).get("/campaigns/" + campaign + "/datasets").then().statusCode(200)
                .extract().asString();

        String archive = "/api/campaigns/" + campaign + "/datasets/1/huggingface.zip";
        assertTrue(html.contains("<form method=\"get\" action=\"" + archive + "\""), html);
        assertTrue(html.contains("data-testid=\"file-pairs-conversational.jsonl\"") && html.contains("file-labelstudio.json"), html);
        assertTrue(html.contains("placeholder=\"other\"") && html.contains("placeholder=\"0.1\"") && html.contains("placeholder=\"42\""),
                "the defaults are shown");
        Map<String, byte[]> files = unzip(Fixtures.browser(cookie).get(archive + "?license=&testFraction=&seed=").then()
                .statusCode(200).extract().asByteArray());
        assertTrue(new String(files.get("README.md"), java.nio.charset.StandardCharsets.UTF_8).contains("license: other\n"),
                "a form left empty downloads with the defaults");
    }

    @Test
    void badSettingsAreRefusedWithASentence() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = votedCampaign(modeler);
        String base = "/api/campaigns/" + campaign + "/datasets/";

        as(modeler.token()).get(base + "1/huggingface.zip?testFraction=1.5").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("from 0 to below 1"));
        as(modeler.token()).get(base + "1/huggingface.zip?testFraction=tenth").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'tenth' is not"));
        as(modeler.token()).get(base + "1/huggingface.zip?seed=x").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("whole number"));
        as(modeler.token()).get(base + "1/huggingface.zip?license=My%20License").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("Hugging Face license id"));
        as(modeler.token()).get(base + "4/huggingface.zip").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no dataset version 4"));
        as(Fixtures.modeler().token()).get(base + "1/huggingface.zip").then().statusCode(404);
    }
}
