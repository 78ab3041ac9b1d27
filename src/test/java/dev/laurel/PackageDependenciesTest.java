package dev.laurel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule of DESIGN.md "No package cycles", checked on the main sources: a feature package (the first
 * segment under {@code dev.laurel}, sub-packages included) may use another only if that one does not use
 * it back, directly or through others; and {@code platform}, which every feature uses, uses no feature.
 * Where two features need each other, the lower one defines an interface the upper one implements.
 *
 * <p>Reads the sources rather than the classes so that it needs no library and sees what a reader
 * sees: imports and fully qualified names in code. Comments and strings are ignored, so a
 * {@code {@link dev.laurel.x.Y}} in Javadoc is no dependency.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/laurel");
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+dev\\.laurel\\.(\\w+)");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\s*\\.\\s*laurel\\s*\\.\\s*(\\w+)\\s*\\.");

    /** feature → features it uses → one source file showing it (for the failure message). */
    private static Map<String, Map<String, String>> uses;

    @BeforeAll
    static void readSources() throws IOException {
        uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = codeOnly(read(file));
                Matcher own = PACKAGE.matcher(code);
                if (!own.find()) {
                    continue; // a class directly in dev.laurel belongs to no feature
                }
                String feature = own.group(1);
                Map<String, String> used = uses.computeIfAbsent(feature, f -> new TreeMap<>());
                Matcher reference = REFERENCE.matcher(code);
                while (reference.find()) {
                    if (!reference.group(1).equals(feature)) {
                        used.putIfAbsent(reference.group(1), SOURCES.relativize(file).toString());
                    }
                }
            }
        }
    }

    @Test
    void sourcesAreFound() {
        assertTrue(uses.keySet().containsAll(Set.of("platform", "account", "model", "rewardmodel", "dataset")),
                "expected the feature packages under " + SOURCES.toAbsolutePath() + ", found " + uses.keySet());
    }

    @Test
    void platformUsesNoFeature() {
        assertEquals(Map.of(), uses.getOrDefault("platform", Map.of()),
                "platform must not use a feature (feature → a platform file using it)");
    }

    @Test
    void featurePackagesFormNoCycle() {
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected()) {
            if (component.size() > 1) {
                cycles.add(component.stream()
                        .map(from -> from + " → " + uses.get(from).entrySet().stream()
                                .filter(to -> component.contains(to.getKey()))
                                .map(to -> to.getKey() + " (" + to.getValue() + ")")
                                .collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("; ", "{", "}")));
            }
        }
        assertEquals(List.of(), cycles, "packages that use each other, directly or through others");
    }

    @Test
    void commentsAndStringsAreNoDependency() {
        String code = codeOnly("package dev.laurel.a; /** {@link dev.laurel.b.B} */ class A { "
                + "String s = \"dev.laurel.c.C \\\" dev.laurel.d.D\"; // dev.laurel.e.E\n"
                + "char q = '\"'; dev.laurel.f.F f; }");
        Matcher reference = REFERENCE.matcher(code);
        List<String> found = new ArrayList<>();
        while (reference.find()) {
            found.add(reference.group(1));
        }
        assertEquals(List.of("f"), found);
    }

    /** Tarjan's strongly connected components of the uses graph; a component of two or more is a cycle. */
    private static List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new TreeMap<>();
        Map<String, Integer> low = new TreeMap<>();
        List<String> stack = new ArrayList<>();
        List<Set<String>> components = new ArrayList<>();
        for (String feature : uses.keySet()) {
            if (!index.containsKey(feature)) {
                connect(feature, index, low, stack, components);
            }
        }
        return components;
    }

    private static void connect(String feature, Map<String, Integer> index, Map<String, Integer> low,
                                List<String> stack, List<Set<String>> components) {
        index.put(feature, index.size());
        low.put(feature, index.get(feature));
        stack.add(feature);
        for (String next : uses.getOrDefault(feature, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, components);
                low.put(feature, Math.min(low.get(feature), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(feature, Math.min(low.get(feature), index.get(next)));
            }
        }
        if (low.get(feature).equals(index.get(feature))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.remove(stack.size() - 1);
                component.add(member);
            } while (!member.equals(feature));
            components.add(component);
        }
    }

    /** The source with comments, string and char literals (text blocks included) blanked out. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = endOf(source, "\n", i + 2) - 1; // keep the line break
            } else if (source.startsWith("/*", i)) {
                i = endOf(source, "*/", i + 2);
                code.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                i = endOfLiteral(source, "\"\"\"", i + 3);
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(source, String.valueOf(c), i + 1);
                code.append("\"\"");
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static int endOf(String source, String end, int from) {
        int at = source.indexOf(end, from);
        return at < 0 ? source.length() : at + end.length();
    }

    private static int endOfLiteral(String source, String quote, int from) {
        int i = from;
        while (i < source.length() && !source.startsWith(quote, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(source.length(), i + quote.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
