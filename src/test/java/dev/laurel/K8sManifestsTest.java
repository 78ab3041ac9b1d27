package dev.laurel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Kustomize manifests are consistent with themselves and with the documented configuration. */
class K8sManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final Pattern ENV_NAME = Pattern.compile("\\b(LAUREL_[A-Z_]+)\\b");
    /** Env entries a Deployment may set inline: its role and switches, never credentials. */
    private static final Set<String> PLAIN_SETTINGS = Set.of("LAUREL_ROLES", "LAUREL_REWARD_MODEL_WORKER", "DJL_OFFLINE");

    @Test
    void everyKustomizationReferenceExists() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Path> kustomizations = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
            assertEquals(3, kustomizations.size(), "base + 2 overlays");
            for (Path kustomization : kustomizations) {
                Map<String, Object> doc = new Yaml().load(Files.readString(kustomization));
                List<String> referenced = new ArrayList<>();
                referenced.addAll(strings(doc.get("resources")));
                for (Object patch : list(doc.get("patches"))) {
                    referenced.add((String) ((Map<?, ?>) patch).get("path"));
                }
                for (String ref : referenced) {
                    assertTrue(Files.exists(kustomization.getParent().resolve(ref)), kustomization + " references missing " + ref);
                }
            }
        }
    }

    @Test
    void everyEnvironmentVariableIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path yaml : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher names = ENV_NAME.matcher(Files.readString(yaml));
                while (names.find()) {
                    assertTrue(readme.contains("`" + names.group(1) + "`"), names.group(1) + " in " + yaml + " is not in README");
                }
            }
        }
    }

    @Test
    void secretsComeOnlyFromSecretReferencesAndProbesUseHealthEndpoints() throws IOException {
        for (String file : List.of("web-deployment.yaml", "worker-deployment.yaml", "chain-deployment.yaml")) {
            Map<String, Object> deployment = new Yaml().load(Files.readString(K8S.resolve("base/" + file)));
            Map<?, ?> container = (Map<?, ?>) list(at(deployment, "spec", "template", "spec", "containers")).get(0);
            for (Object entry : list(container.get("env"))) {
                Map<?, ?> env = (Map<?, ?>) entry;
                // roles and switches are plain settings of the Deployment; everything else is a secret
                if (!PLAIN_SETTINGS.contains(env.get("name").toString())) {
                    assertFalse(env.containsKey("value"), env.get("name") + " is set inline in " + file + "; secrets belong in laurel-secrets");
                    assertTrue(((Map<?, ?>) env.get("valueFrom")).containsKey("secretKeyRef"), env.get("name") + " in " + file);
                }
            }
            assertEquals("/q/health/ready", at(castMap(container.get("readinessProbe")), "httpGet", "path"), file);
            assertEquals("/q/health/live", at(castMap(container.get("livenessProbe")), "httpGet", "path"), file);
            String roles = list(container.get("env")).stream().map(e -> (Map<?, ?>) e)
                    .filter(e -> "LAUREL_ROLES".equals(e.get("name"))).map(e -> String.valueOf(e.get("value"))).findFirst().orElse("");
            assertEquals(file.substring(0, file.indexOf('-')), roles, "each Deployment runs exactly its own role: " + file);
        }
        Map<String, Object> config = new Yaml().load(Files.readString(K8S.resolve("base/configmap.yaml")));
        for (Object key : castMap(config.get("data")).keySet()) {
            assertFalse(key.toString().matches(".*(PASSWORD|SESSION_KEY).*"), key + " must not be in a ConfigMap");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static Object at(Map<String, Object> doc, String... path) {
        Object node = doc;
        for (String key : path) {
            node = ((Map<?, ?>) node).get(key);
        }
        return node;
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(Object::toString).toList();
    }
}
