package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After `package`: every COPY source of src/main/docker names something target/quarkus-app really holds,
 * and together they copy all of it (but the dependency list, which nothing reads at run time), so an
 * image built from this output starts with what `java -jar target/quarkus-app/quarkus-run.jar` has.
 */
class DockerfilesIT {
    private static final Path CONTEXT = Path.of("");
    private static final Path APP = Path.of("target/quarkus-app");
    private static final Set<String> NOT_NEEDED_AT_RUN_TIME = Set.of("quarkus-app-dependencies.txt");

    @Test
    void everyCopySourceExistsAndTogetherTheyCopyThePackagedApplication() throws IOException {
        assertTrue(Files.isRegularFile(APP.resolve("quarkus-run.jar")), "run after `package`: no " + APP.resolve("quarkus-run.jar"));
        for (Dockerfiles dockerfile : Dockerfiles.all()) {
            Set<Path> copied = new HashSet<>();
            for (String source : dockerfile.copySources()) {
                List<Path> matched = Dockerfiles.matches(CONTEXT.toAbsolutePath(), source);
                assertFalse(matched.isEmpty(), dockerfile.path() + " copies " + source + ", which `package` did not produce");
                matched.forEach(p -> copied.add(p.getFileName()));
            }
            try (Stream<Path> entries = Files.list(APP)) {
                for (Path entry : entries.map(Path::getFileName).toList()) {
                    if (!NOT_NEEDED_AT_RUN_TIME.contains(entry.toString())) {
                        assertTrue(copied.contains(entry), dockerfile.path() + " leaves out target/quarkus-app/" + entry);
                    }
                }
            }
        }
    }
}
