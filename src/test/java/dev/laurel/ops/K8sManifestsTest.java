package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kustomize manifests are consistent with themselves, with the documented configuration, with the
 * Kubernetes schemas and with the operating rules an operator relies on. Every overlay is rendered with
 * {@code kubectl kustomize} and its objects are validated offline by {@code k8s/validate/validate.mjs}
 * (its node_modules come from {@code npm ci}, as bin/test does). Plain JUnit: no Quarkus boot.
 */
class K8sManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final Path VALIDATOR = K8S.resolve("validate");
    private static final List<String> OVERLAYS = List.of("staging", "production");
    private static final Pattern ENV_NAME = Pattern.compile("\\b(LAUREL_[A-Z_]+)\\b");
    /** Env entries a Deployment may set inline: its role and switches, never credentials. */
    private static final Set<String> PLAIN_SETTINGS = Set.of("LAUREL_ROLES", "DJL_OFFLINE");
    /** What the overlays must tell the app about its chain and its public address (Sign-In With Ethereum). */
    private static final List<String> CHAIN_AND_WALLET = List.of("LAUREL_CHAIN_RPC_URL", "LAUREL_CHAIN_ID", "LAUREL_CHAIN_TOKEN",
            "LAUREL_CHAIN_DISTRIBUTOR", "LAUREL_WALLET_DOMAIN", "LAUREL_WALLET_URI");

    private static final Map<String, String> rendered = new LinkedHashMap<>();
    private static final Map<String, List<Map<String, Object>>> objects = new LinkedHashMap<>();

    @BeforeAll
    static void renderOverlays() throws Exception {
        for (String overlay : OVERLAYS) {
            Run run = run(List.of("kubectl", "kustomize", K8S.resolve("overlays/" + overlay).toString()), null);
            assertEquals(0, run.exitCode, "kubectl kustomize overlays/" + overlay + ":\n" + run.output);
            rendered.put(overlay, run.output);
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(run.output)) {
                if (doc != null) {
                    docs.add(map(doc));
                }
            }
            objects.put(overlay, docs);
        }
    }

    // ---- sources ----

    @Test
    void everyKustomizationReferenceExists() throws IOException {
        List<Path> kustomizations = manifestFiles().filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        assertEquals(3, kustomizations.size(), "base + 2 overlays");
        for (Path kustomization : kustomizations) {
            Map<String, Object> doc = new Yaml().load(Files.readString(kustomization));
            List<String> referenced = new ArrayList<>();
            referenced.addAll(strings(doc.get("resources")));
            for (Object patch : list(doc.get("patches"))) {
                referenced.add((String) map(patch).get("path"));
            }
            for (String ref : referenced) {
                assertTrue(Files.exists(kustomization.getParent().resolve(ref)), kustomization + " references missing " + ref);
            }
        }
    }

    @Test
    void everyEnvironmentVariableIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Path yaml : manifestFiles().filter(p -> p.toString().endsWith(".yaml")).toList()) {
            Matcher names = ENV_NAME.matcher(Files.readString(yaml));
            while (names.find()) {
                assertTrue(readme.contains("`" + names.group(1) + "`"), names.group(1) + " in " + yaml + " is not in README");
            }
        }
    }

    @Test
    void secretsComeOnlyFromSecretReferencesAndProbesUseHealthEndpoints() {
        for (String overlay : OVERLAYS) {
            for (Map<String, Object> deployment : ofKind(overlay, "Deployment")) {
                String name = name(deployment);
                Map<String, Object> container = map(list(at(deployment, "spec", "template", "spec", "containers")).get(0));
                for (Object entry : list(container.get("env"))) {
                    Map<String, Object> env = map(entry);
                    // roles and switches are plain settings of the Deployment; everything else is a secret
                    if (!PLAIN_SETTINGS.contains(env.get("name").toString())) {
                        assertFalse(env.containsKey("value"), env.get("name") + " is set inline in " + name + "; secrets belong in the role's Secret");
                        assertTrue(map(env.get("valueFrom")).containsKey("secretKeyRef"), env.get("name") + " in " + name);
                    }
                }
                assertEquals("/q/health/ready", at(map(container.get("readinessProbe")), "httpGet", "path"), name);
                assertEquals("/q/health/live", at(map(container.get("livenessProbe")), "httpGet", "path"), name);
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    // prod serves /q/* only on the management interface (quarkus.management.enabled)
                    assertEquals("management", at(map(container.get(probe)), "httpGet", "port"), name + " " + probe);
                }
                assertEquals(name.substring("laurel-".length()), envValue(overlay, container, "LAUREL_ROLES"),
                        "each Deployment runs exactly its own role: " + name);
            }
            for (Object key : map(at(configMap(overlay), "data")).keySet()) {
                assertFalse(key.toString().matches(".*(PASSWORD|SESSION_KEY|SIGNER_KEY|SECRET).*"), key + " must not be in a ConfigMap");
            }
        }
    }

    /** What each workload may read, env name → key, all from its own Secret {@code laurel-<role>-secrets}. */
    private static final Map<String, Map<String, String>> SECRETS_BY_ROLE = Map.of(
            "web", Map.of("LAUREL_DB_PASSWORD", "db-password", "LAUREL_RABBITMQ_PASSWORD", "rabbitmq-password",
                    "LAUREL_PSEUDONYM_SECRET", "pseudonym-secret", "LAUREL_MODEL_SECRET_KEY", "model-secret-key",
                    "LAUREL_ADMIN_USERNAME", "admin-username", "LAUREL_ADMIN_PASSWORD", "admin-password"),
            // workers run uploaded model code: what they hold is what such code could read
            "worker", Map.of("LAUREL_DB_PASSWORD", "db-password", "LAUREL_RABBITMQ_PASSWORD", "rabbitmq-password",
                    "LAUREL_MODEL_SECRET_KEY", "model-secret-key"),
            "chain", Map.of("LAUREL_DB_PASSWORD", "db-password", "LAUREL_RABBITMQ_PASSWORD", "rabbitmq-password",
                    "LAUREL_CHAIN_SIGNER_KEY", "chain-signer-key"),
            "migrate", Map.of("LAUREL_DB_PASSWORD", "db-password"));

    @Test
    void eachRoleReadsOnlyItsOwnSecretAndOnlyTheKeysItNeeds() {
        for (String overlay : OVERLAYS) {
            Map<String, Map<String, Object>> containers = new LinkedHashMap<>();
            for (String role : List.of("web", "worker", "chain")) {
                containers.put(role, map(list(at(named(overlay, "Deployment", "laurel-" + role),
                        "spec", "template", "spec", "containers")).get(0)));
            }
            containers.put("migrate", map(list(at(named(overlay, "Job", "laurel-migrate"),
                    "spec", "template", "spec", "containers")).get(0)));
            Set<String> secretNames = new java.util.HashSet<>();
            containers.forEach((role, container) -> {
                Map<String, String> expected = new LinkedHashMap<>();
                SECRETS_BY_ROLE.get(role).forEach((env, key) -> expected.put(env, "laurel-" + role + "-secrets/" + key));
                assertEquals(expected, secretKeys(container), overlay + ": " + role + " reads exactly its own keys of laurel-"
                        + role + "-secrets");
                for (Object from : list(container.get("envFrom"))) {
                    assertFalse(map(from).containsKey("secretRef"), overlay + ": no whole Secret in the environment of " + role);
                }
                assertEquals(List.of(), volumesFromSecrets(overlay, role),
                        overlay + ": no Secret mounted as a volume in " + role);
                secretKeys(container).values().forEach(ref -> secretNames.add(ref.substring(0, ref.indexOf('/'))));
            });
            assertEquals(4, secretNames.size(), overlay + ": four Secrets, one per role: " + secretNames);
            // the autoscaler reads the broker URL from a Secret of its own, which no pod reads
            Map<String, Object> auth = named(overlay, "TriggerAuthentication", "laurel-rabbitmq");
            assertEquals("laurel-keda-secrets", map(list(at(auth, "spec", "secretTargetRef")).get(0)).get("name"), overlay);
        }
    }

    /** Volumes of a role's pod that come from a Secret (none may: secrets reach pods only as named keys). */
    private static List<?> volumesFromSecrets(String overlay, String role) {
        Map<String, Object> workload = role.equals("migrate") ? named(overlay, "Job", "laurel-migrate")
                : named(overlay, "Deployment", "laurel-" + role);
        Object volumes = at(workload, "spec", "template", "spec", "volumes");
        return volumes == null ? List.of() : list(volumes).stream().filter(v -> map(v).containsKey("secret")).toList();
    }

    /** A container's environment variables that come from a Secret: name → secret/key. */
    private static Map<String, String> secretKeys(Map<String, Object> container) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> env = map(entry);
            if (env.get("valueFrom") != null && map(env.get("valueFrom")).get("secretKeyRef") != null) {
                Map<String, Object> ref = map(map(env.get("valueFrom")).get("secretKeyRef"));
                keys.put(env.get("name").toString(), ref.get("name") + "/" + ref.get("key"));
            }
        }
        return keys;
    }

    // ---- schema ----

    @Test
    void everyOverlayRendersToObjectsValidAgainstTheirSchemas() throws Exception {
        assertTrue(Files.isDirectory(VALIDATOR.resolve("node_modules")),
                "k8s/validate/node_modules is missing: run `(cd k8s/validate && npm ci)` (bin/test does)");
        for (String overlay : OVERLAYS) {
            Run run = run(List.of("node", VALIDATOR.resolve("validate.mjs").toString()), rendered.get(overlay));
            assertEquals(0, run.exitCode, "overlays/" + overlay + " has objects that are not valid:\n" + run.output);
            assertTrue(run.output.contains("valid batch/v1/Job laurel-migrate"), run.output);
        }
    }

    // ---- operating rules ----

    @Test
    void everyPodMeetsThePodSecurityRestrictedProfile() {
        for (String overlay : OVERLAYS) {
            Map<String, Object> namespace = ofKind(overlay, "Namespace").get(0);
            assertEquals("restricted", at(namespace, "metadata", "labels", "pod-security.kubernetes.io/enforce"), overlay);
            assertFalse(podTemplates(overlay).isEmpty());
            podTemplates(overlay).forEach((owner, template) -> {
                Map<String, Object> pod = map(template.get("spec"));
                Map<String, Object> podSecurity = map(pod.getOrDefault("securityContext", Map.of()));
                List<Object> containers = new ArrayList<>(list(pod.get("containers")));
                containers.addAll(list(pod.get("initContainers")));
                for (Object each : containers) {
                    Map<String, Object> container = map(each);
                    Map<String, Object> security = map(container.getOrDefault("securityContext", Map.of()));
                    String where = overlay + " " + owner + "/" + container.get("name");
                    assertEquals(true, security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot")), "runAsNonRoot: " + where);
                    Object user = security.getOrDefault("runAsUser", podSecurity.get("runAsUser"));
                    assertTrue(user instanceof Integer uid && uid > 0, "a numeric non-root runAsUser: " + where);
                    assertEquals("RuntimeDefault", at(map(security.getOrDefault("seccompProfile", podSecurity.get("seccompProfile"))), "type"),
                            "seccompProfile RuntimeDefault: " + where);
                    assertEquals(false, security.get("allowPrivilegeEscalation"), "allowPrivilegeEscalation false: " + where);
                    assertEquals(List.of("ALL"), at(security, "capabilities", "drop"), "capabilities.drop [ALL]: " + where);
                    assertEquals(true, security.get("readOnlyRootFilesystem"), "readOnlyRootFilesystem: " + where);
                    String tmpVolume = list(container.get("volumeMounts")).stream().map(K8sManifestsTest::map)
                            .filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name")).findFirst()
                            .orElseThrow(() -> new AssertionError("/tmp is not mounted (the root filesystem is read-only): " + where));
                    assertTrue(list(pod.get("volumes")).stream().map(K8sManifestsTest::map)
                            .anyMatch(v -> tmpVolume.equals(v.get("name")) && v.containsKey("emptyDir")), "/tmp is an emptyDir: " + where);
                }
            });
        }
    }

    @Test
    void autoscaledDeploymentsLeaveTheirReplicaCountToTheAutoscaler() {
        for (String overlay : OVERLAYS) {
            List<String> autoscaled = new ArrayList<>();
            ofKind(overlay, "HorizontalPodAutoscaler").forEach(hpa -> autoscaled.add((String) at(hpa, "spec", "scaleTargetRef", "name")));
            ofKind(overlay, "ScaledObject").forEach(scaled -> autoscaled.add((String) at(scaled, "spec", "scaleTargetRef", "name")));
            assertEquals(Set.of("laurel-web", "laurel-worker"), new HashSet<>(autoscaled), overlay);
            assertEquals(autoscaled.size(), new HashSet<>(autoscaled).size(), "one autoscaler per Deployment: " + overlay);
            for (String target : autoscaled) {
                Map<String, Object> deployment = named(overlay, "Deployment", target);
                assertFalse(map(deployment.get("spec")).containsKey("replicas"),
                        overlay + ": " + target + " sets replicas, which fights its autoscaler on every apply");
            }
        }
    }

    @Test
    void overlaysSetTheChainAndThePublicAddressOfSignInWithEthereum() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        for (String variable : CHAIN_AND_WALLET) {
            assertTrue(properties.contains("${" + variable + ":"), variable + " is not read by application.properties");
        }
        for (String overlay : OVERLAYS) {
            Map<String, Object> data = map(at(configMap(overlay), "data"));
            for (String variable : CHAIN_AND_WALLET) {
                assertTrue(data.get(variable) instanceof String value && !value.isBlank(), overlay + " sets no " + variable);
            }
            String host = (String) data.get("LAUREL_WALLET_DOMAIN");
            assertEquals("https://" + host, data.get("LAUREL_WALLET_URI"), overlay + ": the wallet URI is the public https address");
            Map<String, Object> ingress = named(overlay, "Ingress", "laurel-web");
            assertEquals(host, at(map(list(at(ingress, "spec", "rules")).get(0)), "host"), overlay + ": the ingress serves the wallet domain");
            assertTrue(list(at(ingress, "spec", "tls")).stream().map(K8sManifestsTest::map).anyMatch(tls -> list(tls.get("hosts")).contains(host)),
                    overlay + ": the ingress terminates TLS for " + host);
            assertEquals("true", data.get("LAUREL_BEHIND_PROXY"), overlay + ": behind the ingress the app must trust X-Forwarded-Proto");
            Map<String, Object> chain = map(list(at(named(overlay, "Deployment", "laurel-chain"), "spec", "template", "spec", "containers")).get(0));
            Map<String, Object> signer = list(chain.get("env")).stream().map(K8sManifestsTest::map)
                    .filter(e -> "LAUREL_CHAIN_SIGNER_KEY".equals(e.get("name"))).findFirst().orElseThrow();
            assertNotNull(at(signer, "valueFrom", "secretKeyRef"), overlay + ": the signer key comes from a Secret");
        }
    }

    @Test
    void oneJobMigratesTheSchemaAndNoPodMigratesAtStart() {
        for (String overlay : OVERLAYS) {
            Map<String, Object> job = named(overlay, "Job", "laurel-migrate");
            Map<String, Object> migrate = map(list(at(job, "spec", "template", "spec", "containers")).get(0));
            assertEquals("migrate", envValue(overlay, migrate, "LAUREL_ROLES"), overlay);
            assertEquals("true", envValue(overlay, migrate, "QUARKUS_FLYWAY_MIGRATE_AT_START"), overlay);
            Map<String, Object> web = map(list(at(named(overlay, "Deployment", "laurel-web"), "spec", "template", "spec", "containers")).get(0));
            assertEquals(web.get("image"), migrate.get("image"), overlay + ": the Job migrates with the image the web pods run");
            for (Map<String, Object> deployment : ofKind(overlay, "Deployment")) {
                for (Object container : list(at(deployment, "spec", "template", "spec", "containers"))) {
                    assertEquals("false", envValue(overlay, map(container), "QUARKUS_FLYWAY_MIGRATE_AT_START"),
                            overlay + ": " + name(deployment) + " must not migrate at start");
                }
            }
        }
    }

    @Test
    void workersScaleOnTheDepthOfTheQueuesTheyConsume() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> consumed = new HashSet<>();
        for (String channel : List.of("generation-work", "training-worker")) {
            String queue = properties.getProperty("%test,prod.mp.messaging.incoming." + channel + ".queue.name");
            assertNotNull(queue, "the queue of channel " + channel + " in application.properties");
            consumed.add(queue);
        }
        for (String overlay : OVERLAYS) {
            Map<String, Object> scaled = named(overlay, "ScaledObject", "laurel-worker");
            assertEquals("laurel-worker", at(scaled, "spec", "scaleTargetRef", "name"));
            Set<String> queues = new HashSet<>();
            for (Object trigger : list(at(scaled, "spec", "triggers"))) {
                assertEquals("rabbitmq", map(trigger).get("type"));
                queues.add((String) at(map(trigger), "metadata", "queueName"));
                String auth = (String) at(map(trigger), "authenticationRef", "name");
                named(overlay, "TriggerAuthentication", auth);
            }
            assertEquals(consumed, queues, overlay);
        }
    }

    @Test
    void podsShutDownGracefully() {
        for (String overlay : OVERLAYS) {
            Duration shutdown = Duration.parse("PT" + map(at(configMap(overlay), "data")).get("LAUREL_SHUTDOWN_TIMEOUT").toString().toUpperCase());
            for (Map<String, Object> deployment : ofKind(overlay, "Deployment")) {
                Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
                Map<String, Object> container = map(list(pod.get("containers")).get(0));
                List<String> preStop = strings(at(container, "lifecycle", "preStop", "exec", "command"));
                assertEquals("sleep", preStop.get(0), overlay + " " + name(deployment) + ": preStop sleeps while endpoints drop the pod");
                long budget = Long.parseLong(preStop.get(1)) + shutdown.toSeconds();
                assertTrue(pod.get("terminationGracePeriodSeconds") instanceof Integer grace && grace > budget,
                        overlay + " " + name(deployment) + ": terminationGracePeriodSeconds must exceed preStop + shutdown timeout (" + budget + " s)");
            }
        }
    }

    @Test
    void networkPoliciesDenyByDefaultAndAllowOnlyWhatEachRoleNeeds() {
        for (String overlay : OVERLAYS) {
            Map<String, Object> deny = named(overlay, "NetworkPolicy", "laurel-default-deny");
            assertEquals(Map.of("app.kubernetes.io/part-of", "laurel"), at(deny, "spec", "podSelector", "matchLabels"));
            assertEquals(List.of("Ingress", "Egress"), at(deny, "spec", "policyTypes"));
            assertFalse(map(deny.get("spec")).containsKey("ingress") || map(deny.get("spec")).containsKey("egress"));
            podTemplates(overlay).forEach((owner, template) -> assertEquals("laurel", at(template, "metadata", "labels", "app.kubernetes.io/part-of"),
                    overlay + ": " + owner + "'s pods must carry the label the policies select"));

            assertTrue(egressPorts(overlay, "app.kubernetes.io/part-of", "laurel").containsAll(Set.of("UDP/53", "TCP/53", "TCP/5432", "TCP/5672")),
                    overlay + ": every pod reaches DNS, PostgreSQL and RabbitMQ");
            assertTrue(egressPorts(overlay, "app.kubernetes.io/name", "laurel-chain").contains("TCP/443"), overlay + ": chain reaches its RPC");
            assertTrue(egressPorts(overlay, "app.kubernetes.io/name", "laurel-worker").contains("TCP/443"), overlay + ": workers reach model endpoints");
            assertFalse(egressPorts(overlay, "app.kubernetes.io/name", "laurel-web").contains("TCP/443"), overlay + ": web pods need no internet");

            Map<String, Object> web = named(overlay, "NetworkPolicy", "laurel-web-from-ingress");
            Map<String, Object> from = map(list(map(list(at(web, "spec", "ingress")).get(0)).get("from")).get(0));
            assertEquals("ingress-nginx", at(from, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"), overlay);
        }
    }

    @Test
    void prometheusScrapesEveryRole() {
        for (String overlay : OVERLAYS) {
            Map<String, Object> monitor = named(overlay, "ServiceMonitor", "laurel");
            Map<String, Object> endpoint = map(list(at(monitor, "spec", "endpoints")).get(0));
            assertEquals("/q/metrics", endpoint.get("path"));
            assertEquals("management", endpoint.get("port"), "metrics are served on the management port only");
            Map<String, Object> selector = map(at(monitor, "spec", "selector", "matchLabels"));
            for (String role : List.of("web", "worker", "chain")) {
                Map<String, Object> service = named(overlay, "Service", "laurel-" + role);
                assertTrue(map(at(service, "metadata", "labels")).entrySet().containsAll(selector.entrySet()), "ServiceMonitor selects laurel-" + role);
                assertEquals("laurel-" + role, at(service, "spec", "selector", "app.kubernetes.io/name"));
                assertTrue(list(at(service, "spec", "ports")).stream().map(K8sManifestsTest::map).anyMatch(p -> endpoint.get("port").equals(p.get("name"))),
                        "laurel-" + role + " has the port the ServiceMonitor scrapes");
            }
        }
    }

    @Test
    void everyImageComesFromTheOverlaysRegistry() throws IOException {
        for (String overlay : OVERLAYS) {
            Map<String, Object> kustomization = new Yaml().load(Files.readString(K8S.resolve("overlays/" + overlay + "/kustomization.yaml")));
            Map<String, String> newNames = new LinkedHashMap<>();
            list(kustomization.get("images")).stream().map(K8sManifestsTest::map)
                    .forEach(i -> newNames.put((String) i.get("name"), i.get("newName") + ":" + i.get("newTag")));
            podTemplates(overlay).forEach((owner, template) -> {
                for (Object container : list(at(template, "spec", "containers"))) {
                    String image = (String) map(container).get("image");
                    assertTrue(newNames.containsValue(image), overlay + ": " + owner + " runs " + image + ", not an image of the overlay's registry " + newNames);
                }
            });
            assertTrue(named(overlay, "Deployment", "laurel-worker").toString().contains(newNames.get("laurel-cuda")), overlay + ": workers run the CUDA image");
        }
    }

    // ---- helpers ----

    private static Stream<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(p -> !p.startsWith(VALIDATOR)).toList().stream();
        }
    }

    /** Egress "PROTOCOL/port" of the policies whose pod selector has this label. */
    private static Set<String> egressPorts(String overlay, String label, String value) {
        Set<String> ports = new HashSet<>();
        for (Map<String, Object> policy : ofKind(overlay, "NetworkPolicy")) {
            if (value.equals(map(at(policy, "spec", "podSelector", "matchLabels")).get(label))) {
                for (Object rule : list(at(policy, "spec", "egress"))) {
                    for (Object port : list(map(rule).get("ports"))) {
                        ports.add(map(port).get("protocol") + "/" + map(port).get("port"));
                    }
                }
            }
        }
        return ports;
    }

    /** The value a container sees: its own env first, then the laurel-config ConfigMap it loads. */
    private static String envValue(String overlay, Map<String, Object> container, String name) {
        for (Object entry : list(container.get("env"))) {
            if (name.equals(map(entry).get("name"))) {
                return String.valueOf(map(entry).get("value"));
            }
        }
        for (Object from : list(container.get("envFrom"))) {
            String configMap = (String) at(map(from), "configMapRef", "name");
            if (configMap != null) {
                Object value = map(at(named(overlay, "ConfigMap", configMap), "data")).get(name);
                if (value != null) {
                    return value.toString();
                }
            }
        }
        return null;
    }

    private static Map<String, Map<String, Object>> podTemplates(String overlay) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        for (Map<String, Object> object : objects.get(overlay)) {
            if (Set.of("Deployment", "Job", "StatefulSet", "DaemonSet").contains(object.get("kind"))) {
                templates.put(object.get("kind") + "/" + name(object), map(at(object, "spec", "template")));
            }
        }
        return templates;
    }

    private static Map<String, Object> configMap(String overlay) {
        return named(overlay, "ConfigMap", "laurel-config");
    }

    private static List<Map<String, Object>> ofKind(String overlay, String kind) {
        return objects.get(overlay).stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> named(String overlay, String kind, String name) {
        return ofKind(overlay, kind).stream().filter(o -> name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    private static String name(Map<String, Object> object) {
        return (String) at(object, "metadata", "name");
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command, String stdin) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail(command.get(0) + " is not installed (bin/test installs it): " + e.getMessage());
        }
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), output);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Object at(Map<String, Object> doc, String... path) {
        Object node = doc;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
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
