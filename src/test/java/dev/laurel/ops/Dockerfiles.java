package dev.laurel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The Dockerfiles in src/main/docker, read as far as the tests need: base image, COPY sources, final USER. */
record Dockerfiles(Path path, String from, List<String> copySources, String user) {
    static final Path DIRECTORY = Path.of("src/main/docker");

    static List<Dockerfiles> all() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(p -> p.getFileName().toString().startsWith("Dockerfile.")).sorted().map(Dockerfiles::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfiles read(Path path) {
        String from = null;
        String user = null;
        List<String> sources = new ArrayList<>();
        try {
            // instructions: continuation lines joined, comments and blank lines dropped
            String joined = String.join("\n", Files.readAllLines(path).stream().filter(l -> !l.trim().startsWith("#")).toList())
                    .replaceAll("\\\\\\n", " ");
            for (String line : joined.split("\n")) {
                String[] words = line.trim().split("\\s+");
                switch (words[0].toUpperCase()) {
                    case "FROM" -> from = words[1];
                    case "USER" -> user = words[1];
                    case "COPY", "ADD" -> {
                        List<String> arguments = Arrays.stream(words).skip(1).filter(w -> !w.startsWith("--")).toList();
                        sources.addAll(arguments.subList(0, arguments.size() - 1)); // the last one is the destination
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Dockerfiles(path, from, sources, user);
    }

    /** Paths under {@code root} (the build context) that a COPY source names: a glob, or a directory with a trailing slash. */
    static List<Path> matches(Path root, String source) {
        String pattern = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        Path parent = root.resolve(pattern).getParent();
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(p -> matcher.matches(root.relativize(p)))
                    .filter(p -> !source.endsWith("/") || Files.isDirectory(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
