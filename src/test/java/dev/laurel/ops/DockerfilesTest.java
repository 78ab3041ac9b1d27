package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The images: README builds each Dockerfile under the name k8s/ runs, each runs as a numeric non-root
 * user (what runAsNonRoot can verify), and each copies only the fast-jar layout that `package` writes to
 * target/quarkus-app (lib/, the runner jar, app/, quarkus/). Surefire runs before `package`, so this checks
 * the layout Quarkus' fast-jar has; {@link DockerfilesIT} checks the same COPY lines against the real output.
 */
class DockerfilesTest {
    /** What Quarkus' fast-jar (the default package type) writes to target/quarkus-app. */
    static final Set<String> FAST_JAR = Set.of("lib", "app", "quarkus", "quarkus-run.jar");
    private static final Pattern README_BUILD = Pattern.compile("docker build -f (src/main/docker/Dockerfile\\.[\\w-]+) -t ([\\w.-]+):([\\w.-]+) \\.");

    @Test
    void readmeBuildsEveryDockerfileUnderTheImageNameK8sRuns() throws IOException {
        Map<String, String> built = readmeBuilds();
        List<Dockerfiles> dockerfiles = Dockerfiles.all();
        assertEquals(Set.of("Dockerfile.cuda", "Dockerfile.jvm"),
                Set.copyOf(dockerfiles.stream().map(d -> d.path().getFileName().toString()).toList()));
        for (Dockerfiles dockerfile : dockerfiles) {
            String path = dockerfile.path().toString().replace('\\', '/');
            assertTrue(built.containsKey(path), "README's Images part does not build " + path);
            // the Dockerfile's own header shows the same command
            assertTrue(Files.readString(dockerfile.path()).contains("docker build -f " + path + " -t " + built.get(path) + ":"),
                    path + " header and README build different images");
        }
        Map<String, String> runs = baseImages();
        assertEquals("laurel", imageName(runs.get("web-deployment.yaml")));
        assertEquals("laurel", imageName(runs.get("chain-deployment.yaml")));
        assertEquals("laurel", imageName(runs.get("migrate-job.yaml")));
        assertEquals("laurel-cuda", imageName(runs.get("worker-deployment.yaml")));
        assertEquals("laurel", built.get("src/main/docker/Dockerfile.jvm"));
        assertEquals("laurel-cuda", built.get("src/main/docker/Dockerfile.cuda"));
        String version = readmeVersion();
        runs.forEach((file, image) -> assertEquals(version, image.substring(image.indexOf(':') + 1), file + " runs another tag than README builds"));
    }

    @Test
    void everyImageRunsAsTheNumericNonRootUserK8sExpects() {
        for (Dockerfiles dockerfile : Dockerfiles.all()) {
            assertTrue(dockerfile.user() != null && dockerfile.user().matches("\\d+"), dockerfile.path() + ": USER must be a numeric uid, is " + dockerfile.user());
            assertFalse(dockerfile.user().equals("0"), dockerfile.path() + " runs as root");
            assertEquals("185", dockerfile.user(), dockerfile.path() + ": k8s/ runs pods as 185 (runAsUser)");
        }
    }

    @Test
    void everyCopySourceIsPartOfThePackagedFastJar() throws IOException {
        for (Dockerfiles dockerfile : Dockerfiles.all()) {
            assertFalse(dockerfile.copySources().isEmpty(), dockerfile.path() + " copies nothing");
            for (String source : dockerfile.copySources()) {
                assertTrue(source.startsWith("target/quarkus-app/"), dockerfile.path() + " copies " + source + ", which `package` does not produce");
                String entry = source.substring("target/quarkus-app/".length()).replaceAll("/$", "");
                assertTrue(FAST_JAR.contains(entry) || (entry.equals("*.jar")), dockerfile.path() + ": " + source + " is not in the fast-jar layout " + FAST_JAR);
            }
            for (String entry : FAST_JAR) {
                assertTrue(dockerfile.copySources().stream().anyMatch(s -> s.equals("target/quarkus-app/" + entry + "/")
                        || (entry.endsWith(".jar") && s.equals("target/quarkus-app/*.jar"))), dockerfile.path() + " leaves out " + entry);
            }
        }
        String ignore = Files.readString(Path.of(".dockerignore"));
        assertTrue(ignore.contains("!target/quarkus-app/"), ".dockerignore must let target/quarkus-app into the build context");
    }

    /** Dockerfile → image name, from README's `docker build -f … -t name:tag .` lines. */
    static Map<String, String> readmeBuilds() throws IOException {
        Map<String, String> built = new LinkedHashMap<>();
        Matcher m = README_BUILD.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            built.put(m.group(1), m.group(2));
        }
        return built;
    }

    private static String readmeVersion() throws IOException {
        Matcher m = README_BUILD.matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README builds no image");
        return m.group(3);
    }

    /** base manifest file → the image its (first) container runs. */
    private static Map<String, String> baseImages() throws IOException {
        Map<String, String> images = new LinkedHashMap<>();
        for (String file : List.of("web-deployment.yaml", "chain-deployment.yaml", "worker-deployment.yaml", "migrate-job.yaml")) {
            Map<?, ?> doc = new Yaml().load(Files.readString(Path.of("k8s/base", file)));
            Map<?, ?> pod = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) doc.get("spec")).get("template")).get("spec");
            images.put(file, (String) ((Map<?, ?>) ((List<?>) pod.get("containers")).get(0)).get("image"));
        }
        return images;
    }

    private static String imageName(String image) {
        return image.substring(0, image.indexOf(':'));
    }
}
