package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cardinality budget: the most series each service exposed in one scrape during the workload
 * ({@code max_over_time(scrape_samples_scraped[...])}, so per-job and per-version series count while
 * they live) must stay under its budget, and after the workload no per-job series is left
 * ({@code job_id} series end with their job) and no metric label was renamed by a clash with a
 * target label ({@code exported_*}).
 *
 * <p>The budgets are about 1.4 to 1.5 times the peaks measured with the workload (two models, one job
 * running at a time, two versions of one model served): room for the meters of a new feature, not for
 * a label that grows with jobs, images or requests. What remains proportional by design: the gateway's
 * {@code baton_model_validation_accuracy} (newest 20 versions per model), the inference worker's
 * {@code baton_inference_model_version} (versions in memory, bounded by its LRU), the trainer's per-job
 * gauges (6 per running job, bounded by its slots).
 */
final class SeriesBudget {
    /** Series per scrape, per service; the peaks measured during the workload in the comments (2026-12). */
    static final Map<String, Integer> BUDGET = Map.of(
            "api-gateway", 1000,      // 720: HTTP server histograms per endpoint, JVM, Kafka clients
            "trainer-worker", 450,    // 304 with one running job
            "inference-worker", 700); // 476 with two versions in memory

    private final PrometheusQueries prometheus;
    private final Map<String, Integer> ports;

    SeriesBudget(PrometheusQueries prometheus, Map<String, Integer> ports) {
        this.prometheus = prometheus;
        this.ports = ports;
    }

    void check() throws Exception {
        JsonNode peaks = prometheus.result("max by (job) (max_over_time(scrape_samples_scraped{namespace=\"baton\"}[15m]))");
        Map<String, Integer> measured = new TreeMap<>();
        for (JsonNode s : peaks) {
            measured.put(s.path("metric").path("job").asText(), (int) Double.parseDouble(s.path("value").path(1).asText()));
        }
        assertEquals(new TreeMap<>(BUDGET).keySet(), measured.keySet(), "every service was scraped: " + peaks);
        List<String> problems = new ArrayList<>();
        measured.forEach((service, series) -> {
            if (series > BUDGET.get(service)) {
                problems.add(service + " exposed " + series + " series in one scrape, over its budget of "
                        + BUDGET.get(service) + ": a label that grows (per job, image, request)? /q/metrics on port "
                        + ports.get(service));
            }
        });
        JsonNode leftover = prometheus.result("count by (job, __name__) ({namespace=\"baton\", job_id!=\"\"})");
        if (!leftover.isEmpty()) {
            problems.add("per-job series outlived their jobs (every job of the workload ended): " + leftover);
        }
        JsonNode clashes = prometheus.result("count by (job, __name__) ({namespace=\"baton\", exported_job!=\"\"})"
                + " or count by (job, __name__) ({namespace=\"baton\", exported_namespace!=\"\"})"
                + " or count by (job, __name__) ({namespace=\"baton\", exported_pod!=\"\"})");
        if (!clashes.isEmpty()) {
            problems.add("metric labels clash with Prometheus' target labels (renamed exported_*): " + clashes);
        }
        System.out.println("[k8s-tests] series per scrape (peak during the workload) vs budget: " + measured + " vs " + BUDGET);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
