package dev.laurel.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Snow et al. (2008) crowd annotations in {@code ../shared/data/crowd-snow2008}
 * ({@code *.standardized.tsv}: annotation id, worker id, item id, response, gold).
 * Responses are shifted by {@code firstClass} so classes start at 0.
 */
record Snow2008(List<Label> labels, Map<String, Integer> gold) {

    static final Path DIRECTORY = Path.of("../shared/data/crowd-snow2008");

    /** RTE: entailment yes/no, responses {0, 1}. */
    static Snow2008 rte() {
        return read("rte.standardized.tsv", 0);
    }

    /** TEMP: event order before/after, responses {1, 2}. */
    static Snow2008 temp() {
        return read("temp.standardized.tsv", 1);
    }

    private static Snow2008 read(String file, int firstClass) {
        List<String> lines;
        try {
            lines = Files.readAllLines(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Run the tests from /work/main so " + DIRECTORY + " resolves", e);
        }
        List<Label> labels = new ArrayList<>();
        Map<String, Integer> gold = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] field = line.split("\t");
            labels.add(new Label(field[2], field[1], Integer.parseInt(field[3]) - firstClass));
            gold.put(field[2], Integer.parseInt(field[4]) - firstClass);
        }
        return new Snow2008(labels, gold);
    }
}
