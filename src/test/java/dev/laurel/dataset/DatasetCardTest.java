package dev.laurel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.DatasetRows.Column;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class DatasetCardTest {
    private static final String NAME = "Chat \"v2\": helpful: yes\n# not a comment";

    private static DatasetCard.Config config(String name, String folder, List<Column> columns, long train, long test) {
        Map<String, Long> examples = new LinkedHashMap<>();
        examples.put("train", train);
        examples.put("test", test);
        return new DatasetCard.Config(name, folder, "what it holds", columns, examples);
    }

    private static String card(String license) {
        DatasetCard.Facts facts = new DatasetCard.Facts(license, 7, NAME, 3, TaskKind.PAIRWISE,
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-01T09:59:00Z"),
                120, 9, 40, 2, "ab".repeat(32), new TrainTestSplit(0.1, 42), Datasets.dataset(TaskKind.PAIRWISE).consensus());
        return DatasetCard.markdown(facts, List.of(
                config("default", "data", List.of(Column.messages("prompt"), Column.messages("chosen"),
                        Column.messages("rejected"), Column.float64("margin")), 30, 4),
                config("votes", "votes", List.of(Column.string("prompt_id"), Column.strings("ranking"), Column.int64("n")), 108, 12)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(String card) {
        assertTrue(card.startsWith("---\n"), card);
        int end = card.indexOf("\n---\n", 4);
        return new Yaml().load(card.substring(4, end));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theYamlHeaderParsesAndDescribesTheConfigsFeaturesAndSplits() {
        Map<String, Object> yaml = header(card("other"));

        assertEquals("other", yaml.get("license"));
        List<Map<String, Object>> configs = (List<Map<String, Object>>) yaml.get("configs");
        assertEquals(List.of("default", "votes"), configs.stream().map(c -> c.get("config_name")).toList());
        assertEquals(List.of(Map.of("split", "train", "path", "data/train-*"), Map.of("split", "test", "path", "data/test-*")),
                configs.get(0).get("data_files"));

        List<Map<String, Object>> info = (List<Map<String, Object>>) yaml.get("dataset_info");
        List<Map<String, Object>> features = (List<Map<String, Object>>) info.get(0).get("features");
        assertEquals(Map.of("name", "prompt", "list", List.of(Map.of("name", "role", "dtype", "string"),
                Map.of("name", "content", "dtype", "string"))), features.get(0), "a message list is a list of {role, content}");
        assertEquals(Map.of("name", "margin", "dtype", "float64"), features.get(3));
        assertEquals(List.of(Map.of("name", "train", "num_examples", 30), Map.of("name", "test", "num_examples", 4)),
                info.get(0).get("splits"));
        List<Map<String, Object>> votes = (List<Map<String, Object>>) info.get(1).get("features");
        assertEquals(List.of(Map.of("name", "prompt_id", "dtype", "string"), Map.of("name", "ranking", "sequence", "string"),
                Map.of("name", "n", "dtype", "int64")), votes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void provenanceNamesTheCampaignDatesConsensusAndHowManyLabelersWithoutWhoTheyAre() {
        String card = card("cc-by-4.0");
        Map<String, Object> yaml = header(card);

        assertEquals("cc-by-4.0", yaml.get("license"));
        Map<String, Object> laurel = (Map<String, Object>) yaml.get("laurel");
        assertEquals(NAME, laurel.get("campaign_name"), "a name with quotes, colons and a line break survives");
        assertEquals(7, laurel.get("campaign_id"));
        assertEquals(3, laurel.get("dataset_version"));
        assertEquals(9, laurel.get("labelers"));
        assertEquals("2026-11-30T08:00:00Z", laurel.get("first_answer_at"));
        assertTrue(((String) laurel.get("consensus")).contains("margin"));
        assertEquals(Map.of("by", "prompt_id", "test_fraction", 0.1, "seed", 42), laurel.get("split"));
        assertEquals(List.of("n<1K"), yaml.get("size_categories"));
        String text = card.substring(card.indexOf("\n---\n") + 5);
        assertTrue(text.contains("| `default` | `data/` | 30 | 4 |"), text);
        assertTrue(text.contains("9 labelers") && text.contains("pseudonyms"), text);
    }
}
