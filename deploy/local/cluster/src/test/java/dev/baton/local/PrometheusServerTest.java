package dev.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Prometheus from Debian's package, on a private home and port: it scrapes a stand-in
 * gateway (a real HTTP server with a metric) and finds the other two services down, labels the
 * series as on Kubernetes, loads Baton's alert rules, reports the services' {@code up} in
 * {@code status} from a real query, and stops by its PID.
 */
class PrometheusServerTest {
    private static final Path ROOT = Path.of(System.getProperty("baton.root", "../../..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scrapesTheServicesLoadsTheAlertsAndReportsUpInStatus(@TempDir Path home) throws Exception {
        HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/q/metrics", exchange -> {
            byte[] body = "# TYPE test_local_scrape gauge\ntest_local_scrape 42\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        gateway.start();
        LocalCluster cluster = new LocalCluster(LocalClusterConfig.fromEnvironment(ROOT, Map.of(
                "BATON_HOME", home.toString(),
                "BATON_PROMETHEUS_PORT", Integer.toString(freePort()),
                "BATON_PROMETHEUS_SCRAPE_INTERVAL", "1",
                "BATON_GATEWAY_PORT", Integer.toString(gateway.getAddress().getPort()),
                "BATON_TRAINER_PORT", Integer.toString(freePort()),
                "BATON_INFERENCE_PORT", Integer.toString(freePort()))));
        Optional<ProcessHandle> process;
        try {
            assertEquals(List.of("prometheus"), cluster.ensurePrometheusRunning());
            assertEquals(List.of(), cluster.ensurePrometheusRunning(), "a second start finds it running");
            process = cluster.prometheus().process().running();
            assertTrue(process.isPresent());

            String expected = "up: api-gateway=1 trainer-worker=0 inference-worker=0";
            String line = "";
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && !line.endsWith(expected + ")")) {
                line = cluster.status().stream().filter(l -> l.startsWith("prometheus:")).findFirst().orElse("");
                Thread.sleep(250);
            }
            assertTrue(line.startsWith("prometheus: running (pid " + process.get().pid()) && line.endsWith(
                    ", ready; " + expected + ")"), line);

            JsonNode series = cluster.prometheus().query("test_local_scrape", Duration.ofSeconds(5));
            assertEquals(1, series.size(), series.toString());
            assertEquals("baton", series.path(0).path("metric").path("namespace").asText());
            assertEquals("api-gateway-local", series.path(0).path("metric").path("pod").asText());
            assertEquals("api-gateway", series.path(0).path("metric").path("job").asText());
            assertEquals("42", series.path(0).path("value").path(1).asText());

            JsonNode groups = get(cluster.config().prometheusUrl() + "/api/v1/rules").path("data").path("groups");
            assertTrue(groups.size() >= 2, "Baton's alert groups are loaded: " + groups);
            assertTrue(groups.toString().contains("\"name\":\"BatonTrainingJobStuck\""), groups.toString());
        } finally {
            assertEquals(List.of("prometheus"), cluster.stop(List.of("prometheus")));
            gateway.stop(0);
        }
        assertFalse(process.get().isAlive(), "pid " + process.get().pid() + " still alive");
        assertEquals(List.of(), cluster.stop(List.of("prometheus")), "stopping twice is harmless");
    }

    @Test
    void thePrometheusRuleBecomesAPlainRuleFile() {
        String rule = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: x
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: A
                          expr: |
                            up

                            == 0
                """;
        assertEquals("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: |
                          up

                          == 0
                """, RuleFiles.ruleGroups(rule));
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
