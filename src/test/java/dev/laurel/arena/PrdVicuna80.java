package dev.laurel.arena;

import dev.laurel.arena.BradleyTerry.Battle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PRD Vicuna80 human votes between the five models whose answers are published
 * ({@code ../shared/data/prefs-prd-vicuna80}, read from the project root).
 */
final class PrdVicuna80 {

    /** File names of the five models, in the order of the published ranking. */
    static final List<String> MODELS = List.of("gpt4", "claude", "vicuna-13b", "gpt35", "bard");

    private static final Path DIRECTORY = Path.of("../shared/data/prefs-prd-vicuna80");
    /** One vote a line, e.g. {"question_id":1,"text":"…","score":1}; "score" is the last key. */
    private static final Pattern LINE = Pattern.compile("^\\{\"question_id\":(\\d+),.*\"score\":([123])}$");

    private PrdVicuna80() {
    }

    /** Score 1 = answer A better, 2 = answer B better, 3 = tie. */
    static List<WinRates.Vote> votes() {
        List<WinRates.Vote> votes = new ArrayList<>();
        for (int a = 0; a < MODELS.size(); a++) {
            for (int b = 0; b < MODELS.size(); b++) {
                Path file = DIRECTORY.resolve(
                        "answer_" + MODELS.get(a) + "-vs-answer_" + MODELS.get(b) + "-human-reviewer_threeclass.jsonl");
                if (a != b && Files.exists(file)) {
                    read(file, a, b, votes);
                }
            }
        }
        return votes;
    }

    static List<Battle> battles() {
        return votes().stream().map(vote -> new Battle(vote.a(), vote.b(), vote.outcomeForA())).toList();
    }

    private static void read(Path file, int a, int b, List<WinRates.Vote> into) {
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher match = LINE.matcher(line);
                if (!match.matches()) {
                    throw new IllegalStateException(file + ": unexpected line " + line);
                }
                double outcomeForA = switch (match.group(2)) {
                    case "1" -> 1;
                    case "2" -> 0;
                    default -> 0.5;
                };
                into.add(new WinRates.Vote(Long.parseLong(match.group(1)), a, b, outcomeForA));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
