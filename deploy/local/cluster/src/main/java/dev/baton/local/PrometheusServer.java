package dev.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prometheus from Debian's package (fetched into {@code .baton/dist/prometheus} by
 * {@code deploy/local/fetch-prometheus.sh}), scraping the gateway, the trainer and the inference
 * worker at {@code /q/metrics} with the labels Kubernetes gives them there ({@code namespace="baton"},
 * {@code pod}), so the Grafana dashboards' queries run unchanged, and evaluating Baton's alert rules
 * ({@code deploy/prometheus/baton-alerts.yaml}). Ready when its HTTP API answers a query for
 * {@code up}.
 */
public final class PrometheusServer implements LocalService {
    /** The namespace label every local target gets, as the dashboards' {@code $namespace} default. */
    public static final String NAMESPACE = "baton";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalClusterConfig config;
    private final Path folder;
    private final ManagedProcess process;

    /** @param config ports (its own and the three services') and folders */
    public PrometheusServer(LocalClusterConfig config) {
        this.config = config;
        this.folder = config.home().resolve("prometheus");
        this.process = new ManagedProcess("prometheus", config, "--config.file=" + folder.resolve("prometheus.yml"));
    }

    @Override
    public ManagedProcess process() {
        return process;
    }

    @Override
    public int port() {
        return config.prometheusPort();
    }

    @Override
    public String portVariable() {
        return "BATON_PROMETHEUS_PORT";
    }

    /** @return the scrape targets: job (the service's name) to its HTTP port */
    public Map<String, Integer> targets() {
        Map<String, Integer> targets = new LinkedHashMap<>();
        targets.put("api-gateway", config.gatewayPort());
        targets.put("trainer-worker", config.trainerPort());
        targets.put("inference-worker", config.inferencePort());
        return targets;
    }

    @Override
    public ProcessHandle launch() {
        Path dist = config.distributions().resolve("prometheus");
        Path binary = dist.resolve("usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            throw new LocalClusterException("no Prometheus at " + binary + ": fetch it with 'deploy/local/fetch-prometheus.sh'"
                    + " (Debian's prometheus package; './mvnw install' runs it too)");
        }
        try {
            Path data = folder.resolve("data");
            Files.createDirectories(data);
            List<String> ruleFiles = new ArrayList<>();
            Path alerts = config.checkout().resolve("deploy/prometheus/baton-alerts.yaml");
            if (Files.isRegularFile(alerts)) {
                Path rules = folder.resolve("baton-alerts.rules.yml");
                Files.writeString(rules, RuleFiles.ruleGroups(Files.readString(alerts, StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
                ruleFiles.add(rules.toString());
            }
            Files.writeString(folder.resolve("prometheus.yml"), configuration(ruleFiles), StandardCharsets.UTF_8);
            return process.start(List.of(binary.toString(), process.marker(),
                    "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=7d",
                    "--web.listen-address=127.0.0.1:" + config.prometheusPort(),
                    "--web.local-assets=" + dist.resolve("usr/share/prometheus/web"),
                    "--web.console.templates=" + dist.resolve("etc/prometheus/consoles"),
                    "--web.console.libraries=" + dist.resolve("etc/prometheus/console_libraries"),
                    "--web.page-title=Baton local Prometheus"), folder);
        } catch (IOException e) {
            throw new LocalClusterException("cannot start Prometheus: " + e.getMessage(), e);
        }
    }

    /** @return the prometheus.yml: one scrape job per service, labelled as on Kubernetes */
    String configuration(List<String> ruleFiles) {
        long seconds = config.scrapeInterval().toSeconds();
        StringBuilder yaml = new StringBuilder()
                .append("# Written by deploy/local/cluster.sh (PrometheusServer); rewritten at every start.\n")
                .append("global:\n")
                .append("  scrape_interval: ").append(seconds).append("s\n")
                .append("  scrape_timeout: ").append(Math.max(1, seconds - (seconds > 1 ? 1 : 0))).append("s\n")
                .append("  evaluation_interval: ").append(seconds).append("s\n");
        if (!ruleFiles.isEmpty()) {
            yaml.append("rule_files:\n");
            ruleFiles.forEach(f -> yaml.append("  - '").append(f).append("'\n"));
        }
        yaml.append("scrape_configs:\n");
        for (Map.Entry<String, Integer> target : targets().entrySet()) {
            yaml.append("  - job_name: ").append(target.getKey()).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['127.0.0.1:").append(target.getValue()).append("']\n")
                    .append("        labels:\n")
                    .append("          namespace: ").append(NAMESPACE).append('\n')
                    .append("          pod: ").append(target.getKey()).append("-local\n");
        }
        return yaml.toString();
    }

    @Override
    public Optional<String> checkReady(Duration timeout) {
        try {
            up(timeout);
            return Optional.empty();
        } catch (IOException | LocalClusterException e) {
            return Optional.of("Prometheus at " + config.prometheusUrl() + " not ready: " + e.getMessage());
        }
    }

    /** @return "up: api-gateway=1 ..." from a real query, or why it failed */
    @Override
    public Optional<String> detail(Duration timeout) {
        try {
            Map<String, String> up = up(timeout);
            StringBuilder line = new StringBuilder("up:");
            for (String job : targets().keySet()) {
                line.append(' ').append(job).append('=').append(up.getOrDefault(job, "not scraped yet"));
            }
            return Optional.of(line.toString());
        } catch (IOException | LocalClusterException e) {
            return Optional.of("query failed: " + e.getMessage());
        }
    }

    /**
     * Runs the query {@code up} through the HTTP API.
     *
     * @return scrape job to its last {@code up} value ("1" or "0")
     */
    Map<String, String> up(Duration timeout) throws IOException {
        JsonNode result = query("up", timeout);
        Map<String, String> up = new TreeMap<>();
        for (JsonNode series : result) {
            up.put(series.path("metric").path("job").asText(), series.path("value").path(1).asText());
        }
        return up;
    }

    /**
     * @param promql an instant query
     * @param timeout how long it may take
     * @return the {@code data.result} array of the answer
     * @throws IOException when Prometheus cannot be reached
     * @throws LocalClusterException when it answers with an error
     */
    public JsonNode query(String promql, Duration timeout) throws IOException {
        URI uri = URI.create(config.prometheusUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new LocalClusterException("query " + promql + " answered " + response.statusCode() + ": "
                        + body.path("error").asText(response.body()));
            }
            return body.path("data").path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
