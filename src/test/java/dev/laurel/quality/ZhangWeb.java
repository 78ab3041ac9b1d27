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
 * The web-search relevance crowd of Zhang, Chen, Zhou &amp; Jordan (2016) in
 * {@code ../shared/data/crowd-zhang-web}: {@code web_crowd.txt} (item, worker, label) and
 * {@code web_truth.txt} (item, gold), tab-separated, labels 1..5 shifted to classes 0..4.
 * 12 labeled items have no gold; error rates are over the 2,653 that do.
 */
record ZhangWeb(List<Label> labels, Map<String, Integer> gold) {

    static final Path DIRECTORY = Path.of("../shared/data/crowd-zhang-web");
    static final int CLASSES = 5;

    static ZhangWeb read() {
        List<Label> labels = new ArrayList<>();
        Map<String, Integer> gold = new LinkedHashMap<>();
        for (String[] field : rows("web_crowd.txt")) {
            labels.add(new Label(field[0], field[1], Integer.parseInt(field[2]) - 1));
        }
        for (String[] field : rows("web_truth.txt")) {
            gold.put(field[0], Integer.parseInt(field[1]) - 1);
        }
        return new ZhangWeb(labels, gold);
    }

    private static List<String[]> rows(String file) {
        try {
            return Files.readAllLines(DIRECTORY.resolve(file)).stream()
                    .filter(line -> !line.isBlank()).map(line -> line.split("\t")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Run the tests from the project root so " + DIRECTORY + " resolves", e);
        }
    }
}
