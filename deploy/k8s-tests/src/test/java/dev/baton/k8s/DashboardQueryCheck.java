package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs every panel target of every dashboard against a real Prometheus, the way Grafana sends it
 * (variables substituted by {@link GrafanaVariables}, graphs as range queries, instant targets as
 * instant queries), and demands that it parses and returns at least one series with a number in it.
 * A target that legitimately has no data after the workload is listed, with the reason, in
 * {@code src/test/resources/panels-without-data.txt}; a listed target that has data now fails the
 * check, and so does a listed target that no longer exists.
 */
final class DashboardQueryCheck {
    /** Panel width in data points that the checks use (Grafana's maxDataPoints of a wide panel). */
    static final int MAX_DATA_POINTS = 1000;
    static final Path EMPTY_LIST = Project.root().resolve("deploy/k8s-tests/src/test/resources/panels-without-data.txt");

    private final PrometheusQueries prometheus;
    private final Duration scrapeInterval;

    DashboardQueryCheck(PrometheusQueries prometheus, Duration scrapeInterval) {
        this.prometheus = prometheus;
        this.scrapeInterval = scrapeInterval;
    }

    /** @return target key ("file | panel | refId") to the reason it may be empty */
    static Map<String, String> listedEmpty() throws IOException {
        Map<String, String> listed = new TreeMap<>();
        for (String line : Files.readAllLines(EMPTY_LIST)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s*\\|\\s*", 4);
            if (parts.length != 4 || parts[3].isBlank()) {
                throw new AssertionError(EMPTY_LIST.getFileName() + ": '" + t + "' is not 'file | panel | refId | reason'");
            }
            listed.put(parts[0] + " | " + parts[1] + " | " + parts[2], parts[3]);
        }
        return listed;
    }

    void run(Instant start, Instant end) throws Exception {
        List<DashboardTargets.Target> targets = DashboardTargets.all();
        Map<String, String> listed = listedEmpty();
        List<String> problems = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<String, Boolean> seen = new TreeMap<>();
        int withData = 0;
        for (DashboardTargets.Target target : targets) {
            GrafanaVariables grafana = new GrafanaVariables(Duration.between(start, end), MAX_DATA_POINTS, scrapeInterval,
                    target.variables());
            String query;
            try {
                query = grafana.substitute(target.expr());
            } catch (IllegalArgumentException e) {
                problems.add(target.key() + ": " + e.getMessage());
                continue;
            }
            PrometheusQueries.Answer answer = target.instant() ? prometheus.instant(query, end)
                    : prometheus.range(query, start, end, grafana.step());
            boolean data = answer.ok() && answer.numeric() > 0;
            seen.put(target.key(), data);
            withData += data ? 1 : 0;
            report.add(String.format("%-5s %3d series  %s", data ? "data" : answer.ok() ? "EMPTY" : "ERROR",
                    answer.series(), target.key()));
            if (!answer.ok()) {
                problems.add(target.key() + ": Prometheus refused " + query + " (" + answer.error() + ")");
            } else if (!data && !listed.containsKey(target.key())) {
                problems.add(target.key() + ": no data after the workload (" + answer.series() + " series, none with a number)"
                        + " for " + query + "; fix the query, or list it with the reason in " + EMPTY_LIST.getFileName());
            } else if (data && listed.containsKey(target.key())) {
                problems.add(target.key() + ": has data now; remove it from " + EMPTY_LIST.getFileName());
            }
        }
        listed.keySet().stream().filter(k -> !seen.containsKey(k))
                .forEach(k -> problems.add(k + ": listed in " + EMPTY_LIST.getFileName() + " but no dashboard has this target"));
        System.out.println("[k8s-tests] dashboard queries evaluated against Prometheus (" + withData + " of "
                + targets.size() + " with data, " + listed.size() + " listed as legitimately empty):\n  "
                + String.join("\n  ", report));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
