package dev.baton.k8s;

import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.local.KafkaScram;
import dev.baton.local.LocalCluster;
import dev.baton.local.LocalClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * The three real services, run from their builds ({@code <module>/target/quarkus-app}) on free ports,
 * pointed at a Kafka broker of their own on SASL/SCRAM (the local broker with {@code BATON_KAFKA_SCRAM=true}: the
 * users and ACLs of {@code base/kafka.yaml}, topics made by the super user as Strimzi's KafkaTopics make them), each
 * service logging in as its own KafkaUser through the standard client properties in its environment
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}), and at the
 * S3Proxy that the local-cluster JUnit session listener provides, and a local Prometheus (the deploy/local one, Debian's package) that scrapes them every second with the
 * labels Kubernetes gives them ({@code namespace="baton"}, {@code pod}). They are started as soon as a
 * test plan that holds {@link ServiceMetricsTest} begins (so that they boot while the manifest tests
 * run), and stopped when it ends.
 */
final class ServicesUnderTest {
    static final List<String> MODULES = List.of("api-gateway", "trainer-worker", "inference-worker");
    /** How often the test's Prometheus scrapes the services (Grafana's data-source scrape interval in the checks). */
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static String startError;
    private static LocalCluster monitor;
    private static LocalCluster kafka;

    private ServicesUnderTest() {
    }

    /** Starts the services unless they run; never throws (a failure is reported by {@link #awaitReady}). */
    static synchronized void start() {
        if (!PROCESSES.isEmpty() || startError != null) {
            return;
        }
        try {
            Path root = Project.root();
            Path logs = logs();
            Files.createDirectories(logs);
            for (String module : MODULES) {
                Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("no build of " + module + " at " + jar + ": the reactor builds it before "
                            + "this module (./mvnw -B verify); alone, build it first: ./mvnw -B -pl " + module
                            + " -am package -DskipTests");
                }
            }
            startScramBroker(root);
            KafkaScram scram = kafka.kafkaScram().orElseThrow();
            for (String module : MODULES) {
                int port = freePort();
                PORTS.put(module, port);
                List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dai.djl.offline=true",
                        "-DDJL_CACHE_DIR=" + root.resolve(".baton/djl-cache"),
                        "-DENGINE_CACHE_DIR=" + root.resolve(".baton/djl-cache"),
                        "-Dquarkus.http.port=" + port, "-jar",
                        root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString());
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(logs.resolve(module + ".log").toFile());
                Map<String, String> env = pb.environment();
                env.put("PORT", Integer.toString(port));
                env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.config().kafkaBootstrap());
                // As on Kubernetes: the service's own KafkaUser, through the standard Kafka client properties.
                env.putAll(scram.environment(KafkaScram.SERVICE_USERS.get(module)));
                env.put("BATON_S3_ENDPOINT", System.getProperty("baton.s3.endpoint", "http://127.0.0.1:39000"));
                env.put("BATON_S3_ACCESS_KEY", System.getProperty("baton.s3.access-key", "baton"));
                env.put("BATON_S3_SECRET_KEY", System.getProperty("baton.s3.secret-key", "baton-local-secret"));
                // As on Kubernetes (base/gateway.yaml): the API clients come from a properties file named by
                // QUARKUS_CONFIG_LOCATIONS, here one submitter and one viewer with names of their own.
                env.put("QUARKUS_CONFIG_LOCATIONS", apiKeys(logs).toString());
                // As on Kubernetes: only the gateway provisions.
                env.put("BATON_PROVISIONING_ENABLED", Boolean.toString(module.equals("api-gateway")));
                PROCESSES.add(pb.start());
            }
            startPrometheus(root);
        } catch (IOException | RuntimeException e) {
            startError = e.getMessage();
            stop();
        }
    }

    private static void startScramBroker(Path root) throws IOException {
        Path home = root.resolve("deploy/k8s-tests/target/kafka-scram");
        deleteRecursively(home); // a fresh broker: its users are made when its storage is formatted
        kafka = new LocalCluster(LocalClusterConfig.fromEnvironment(root, Map.of(
                "BATON_HOME", home.toString(),
                "BATON_KAFKA_PORT", Integer.toString(freePort()),
                "BATON_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "BATON_KAFKA_SCRAM", "true")));
        kafka.ensureNamedRunning(List.of("kafka"));
        try (Admin admin = Admin.create(superUser())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provisionAll();
        }
    }

    /** @return the SCRAM broker the services use, once started (its users and ACLs) */
    static LocalCluster scramBroker() {
        if (kafka == null) {
            throw new AssertionError("no SCRAM broker: " + startError);
        }
        return kafka;
    }

    /** @return Kafka client properties of the SCRAM broker's super user */
    static Map<String, Object> superUser() {
        return user(KafkaScram.SUPER_USER, scramBroker().kafkaScram().orElseThrow().password(KafkaScram.SUPER_USER));
    }

    /**
     * @param user a user of the SCRAM broker
     * @param password the password it logs in with
     * @return the client properties of that login, with short timeouts
     */
    static Map<String, Object> user(String user, String password) {
        Map<String, Object> props = new HashMap<>(KafkaScram.clientProperties(user, password));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, scramBroker().config().kafkaBootstrap());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return props;
    }

    private static void startPrometheus(Path root) throws IOException {
        Path home = root.resolve("deploy/k8s-tests/target/prometheus-home");
        deleteRecursively(home); // a fresh TSDB: only this run's series
        Map<String, String> env = new HashMap<>();
        env.put("BATON_HOME", home.toString());
        env.put("BATON_PROMETHEUS_PORT", Integer.toString(freePort()));
        env.put("BATON_PROMETHEUS_SCRAPE_INTERVAL", Long.toString(SCRAPE_INTERVAL.toSeconds()));
        env.put("BATON_GATEWAY_PORT", Integer.toString(PORTS.get("api-gateway")));
        env.put("BATON_TRAINER_PORT", Integer.toString(PORTS.get("trainer-worker")));
        env.put("BATON_INFERENCE_PORT", Integer.toString(PORTS.get("inference-worker")));
        monitor = new LocalCluster(LocalClusterConfig.fromEnvironment(root, env));
        monitor.ensurePrometheusRunning();
    }

    /** @return the URL of the Prometheus that scrapes the services (started with them) */
    static String prometheusUrl() {
        if (monitor == null) {
            throw new AssertionError("no Prometheus: " + startError);
        }
        return monitor.config().prometheusUrl();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** @return module to HTTP port, once every service answers /q/health/ready with 200 */
    static Map<String, Integer> awaitReady(Duration timeout) throws InterruptedException {
        start();
        if (startError != null) {
            throw new AssertionError(startError);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, Integer> e : PORTS.entrySet()) {
            String last = "";
            while (true) {
                try {
                    HttpResponse<String> r = get(e.getValue(), "/q/health/ready");
                    if (r.statusCode() == 200) {
                        break;
                    }
                    last = r.statusCode() + " " + r.body();
                } catch (IOException ex) {
                    last = ex.toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(e.getKey() + " not ready in " + timeout.toSeconds() + " s (" + last + "); log in "
                            + logs().resolve(e.getKey() + ".log"));
                }
                Thread.sleep(500);
            }
        }
        return Map.copyOf(PORTS);
    }

    static synchronized void stop() {
        if (monitor != null) {
            monitor.stop(List.of("prometheus"));
        }
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        PROCESSES.clear();
        if (kafka != null) {
            kafka.stop(List.of("kafka"));
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return an api-keys.properties like the Secret baton-api-keys holds */
    private static Path apiKeys(Path dir) throws IOException {
        return Files.writeString(dir.resolve("api-keys.properties"), String.join("\n",
                "baton.auth.api-keys.k8s-tests-ci.key=" + ServiceWorkload.API_KEY,
                "baton.auth.api-keys.k8s-tests-ci.roles=submitter",
                "baton.auth.api-keys.k8s-tests-dashboard.key=" + ServiceWorkload.VIEWER_KEY,
                "baton.auth.api-keys.k8s-tests-dashboard.roles=viewer", ""));
    }

    private static Path logs() {
        return Project.root().resolve("deploy/k8s-tests/target/service-logs");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the services when the test plan holds ServiceMetricsTest or KafkaScramTest; stops them when it ends. */
    public static final class EarlyStart implements TestExecutionListener {
        @Override
        public void testPlanExecutionStarted(TestPlan plan) {
            boolean needed = plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                    .anyMatch(id -> id.getUniqueId().contains(ServiceMetricsTest.class.getName())
                            || id.getUniqueId().contains(KafkaScramTest.class.getName()));
            if (needed) {
                start();
            }
        }

        @Override
        public void testPlanExecutionFinished(TestPlan plan) {
            stop();
        }
    }
}
