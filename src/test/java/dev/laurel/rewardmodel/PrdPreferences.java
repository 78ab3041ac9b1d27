package dev.laurel.rewardmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PRD human preference data in {@code ../shared/data} (read from the project root) as pairs. */
final class PrdPreferences {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = Path.of("../shared/data");
    /** The five Vicuna80 models whose answers are published. */
    static final List<String> VICUNA_MODELS = List.of("gpt4", "claude", "vicuna-13b", "gpt35", "bard");

    private PrdPreferences() {
    }

    /**
     * LFQA expert judgments, one pair per judgment (a pair judged by three experts counts three
     * times, disagreements included). overall_preference −1 = answer_a preferred, +1 = answer_b.
     * The answers' HTML line breaks become newlines, so that markup does not tell human answers apart.
     */
    static List<PreferencePair> lfqa() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (JsonNode row : lines(DATA.resolve("prefs-prd-lfqa/experts_pairwise_human_preferences.jsonl"))) {
            String a = clean(row.get("answer_a").asText());
            String b = clean(row.get("answer_b").asText());
            boolean aWins = row.get("overall_preference").asInt() < 0;
            pairs.add(PreferencePair.of(row.get("question").asText(), aWins ? a : b, aWins ? b : a));
        }
        return pairs;
    }

    /**
     * Vicuna80: per question and unordered model pair, the majority of all human votes in both files
     * (A-vs-B and B-vs-A); ties and even splits are left out, as in PRD's own win-rate computation.
     */
    static List<PreferencePair> vicuna80() {
        Path dir = DATA.resolve("prefs-prd-vicuna80");
        Map<Integer, String> questions = new HashMap<>();
        for (JsonNode row : lines(dir.resolve("vicuna_questions.jsonl"))) {
            questions.put(row.get("question_id").asInt(), row.get("text").asText());
        }
        Map<String, Map<Integer, String>> answers = new HashMap<>();
        for (String model : VICUNA_MODELS) {
            Map<Integer, String> byQuestion = new HashMap<>();
            for (JsonNode row : lines(dir.resolve("generations/answer_" + model + ".jsonl"))) {
                byQuestion.put(row.get("question_id").asInt(), row.get("text").asText());
            }
            answers.put(model, byQuestion);
        }
        // score sum per (question, first model, second model) in VICUNA_MODELS order: +1 first wins, −1 second wins
        Map<String, int[]> tally = new LinkedHashMap<>();
        for (int a = 0; a < VICUNA_MODELS.size(); a++) {
            for (int b = 0; b < VICUNA_MODELS.size(); b++) {
                Path file = dir.resolve("answer_" + VICUNA_MODELS.get(a) + "-vs-answer_" + VICUNA_MODELS.get(b)
                        + "-human-reviewer_threeclass.jsonl");
                if (a == b || !Files.exists(file)) {
                    continue;
                }
                int first = Math.min(a, b);
                int second = Math.max(a, b);
                for (JsonNode vote : lines(file)) {
                    int score = vote.get("score").asInt();
                    int forA = score == 1 ? 1 : score == 2 ? -1 : 0;
                    int forFirst = a == first ? forA : -forA;
                    tally.computeIfAbsent(vote.get("question_id").asInt() + "/" + first + "/" + second, k -> new int[1])[0] += forFirst;
                }
            }
        }
        List<PreferencePair> pairs = new ArrayList<>();
        tally.forEach((key, sum) -> {
            String[] parts = key.split("/");
            int question = Integer.parseInt(parts[0]);
            String first = answers.get(VICUNA_MODELS.get(Integer.parseInt(parts[1]))).get(question);
            String second = answers.get(VICUNA_MODELS.get(Integer.parseInt(parts[2]))).get(question);
            if (sum[0] != 0) {
                pairs.add(PreferencePair.of(questions.get(question), sum[0] > 0 ? first : second, sum[0] > 0 ? second : first));
            }
        });
        return pairs;
    }

    private static String clean(String answer) {
        return answer.replace("<br />", "\n").replace("<br/>", "\n").strip();
    }

    private static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
