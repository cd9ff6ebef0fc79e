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
 * <p>The budgets are about 1.5 times what the services expose with the workload's three models, one
 * running job and one swapped version (measured: see {@link #BUDGET}): room for the meters of a new
 * feature, not for a label that grows with jobs, images or requests.
 */
final class SeriesBudget {
    /** Series per scrape, per service; measured peaks during the workload in the comments. */
    static final Map<String, Integer> BUDGET = Map.of(
            "api-gateway", 1200,
            "trainer-worker", 1200,
            "inference-worker", 1200);

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
