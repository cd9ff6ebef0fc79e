package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The live half of the metric check: runs the three real services ({@link ServicesUnderTest}: their
 * builds, on the real Kafka broker and S3Proxy), waits until they are ready, scrapes
 * /q/metrics of each and checks every metric name the dashboards, alerts and KEDA use against it.
 *
 * <p>A name may be missing from the scrape only while it is listed in
 * {@code src/test/resources/metrics-not-yet-exposed.txt} (with the service that is to export it); a
 * listed name that no dashboard, alert or scaler uses fails the test too, and so does a listed name the
 * services now expose (the list holds only what is really missing). Before the scrape, {@link ServiceWorkload} runs real work through the
 * gateway (a job scraped while it runs, then cancelled; a job to SUCCEEDED; predictions), which the
 * per-job and per-request meters need to appear.
 *
 * <p>The same workload feeds the services' Prometheus (scraping every second), and the other checks
 * run against it: {@link DashboardQueryCheck} (every panel query of every dashboard, as Grafana sends
 * it, returns data or is listed with a reason) and {@link SeriesBudget} (each service's series count
 * stays under its budget, and no per-job series outlives its job).
 */
@Order(Integer.MAX_VALUE) // last: the services boot (ServicesUnderTest.EarlyStart) while the other tests run
class ServiceMetricsTest {
    private static Map<String, Integer> ports;
    private static Set<String> exposedWhileRunning;
    private static Instant workloadStart;

    @BeforeAll
    static void servicesAreReadyAndWorked() throws Exception {
        ports = ServicesUnderTest.awaitReady(Duration.ofSeconds(150));
        workloadStart = Instant.now();
        long t0 = System.nanoTime();
        exposedWhileRunning = new ServiceWorkload(ports).run();
        System.out.printf("[k8s-tests] workload ran in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // Two more scrapes, so that Prometheus has the services' state after the last prediction.
        Thread.sleep(2 * ServicesUnderTest.SCRAPE_INTERVAL.toMillis() + 500);
    }

    @Test
    void everyDashboardQueryReturnsDataOrIsListedWithAReason() throws Exception {
        new DashboardQueryCheck(new PrometheusQueries(ServicesUnderTest.prometheusUrl()), ServicesUnderTest.SCRAPE_INTERVAL)
                .run(workloadStart.minusSeconds(10), Instant.now());
    }

    @Test
    void everyServiceStaysUnderItsSeriesBudgetAndJobSeriesEndWithTheirJobs() throws Exception {
        new SeriesBudget(new PrometheusQueries(ServicesUnderTest.prometheusUrl()), ports).check();
    }

    @AfterAll
    static void stopServices() {
        ServicesUnderTest.stop();
    }

    @Test
    void everyMetricTheDashboardsAlertsAndScalersUseIsExposedOrListedAsPending() throws Exception {
        Set<String> exposed = new TreeSet<>(exposedWhileRunning);
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            HttpResponse<String> r = ServicesUnderTest.get(e.getValue(), "/q/metrics");
            assertEquals(200, r.statusCode(), e.getKey() + " /q/metrics");
            Set<String> names = MetricNames.inExposition(r.body());
            assertTrue(names.contains("jvm_memory_used_bytes"), e.getKey() + " exposes Micrometer's JVM metrics");
            exposed.addAll(names);
        }
        Map<String, Set<String>> used = MetricNames.used();
        Path pendingFile = Project.root().resolve("deploy/k8s-tests/src/test/resources/metrics-not-yet-exposed.txt");
        Map<String, String> pending = MetricNames.pending(pendingFile);

        Set<String> matched = new TreeSet<>(used.keySet());
        matched.retainAll(exposed);
        Set<String> missing = new TreeSet<>(used.keySet());
        missing.removeAll(exposed);
        Set<String> unlisted = new TreeSet<>(missing);
        unlisted.removeAll(pending.keySet());
        Set<String> nowExposed = new TreeSet<>(pending.keySet());
        nowExposed.retainAll(exposed);
        Set<String> stale = new TreeSet<>(pending.keySet());
        stale.removeAll(used.keySet());

        System.out.println("[k8s-tests] metric names exposed by the services today (" + matched.size() + "):\n  "
                + String.join("\n  ", MetricNames.lines(used, matched)));
        System.out.println("[k8s-tests] metric names NOT exposed yet (" + missing.size() + ", listed in "
                + pendingFile.getFileName() + "):\n  " + String.join("\n  ", MetricNames.lines(used, missing)));

        List<String> problems = new ArrayList<>();
        unlisted.forEach(n -> problems.add(n + ": used (" + String.join("; ", used.get(n))
                + ") but no service exposes it, and it is not listed as pending"));
        stale.forEach(n -> problems.add(n + ": listed as pending but no dashboard, alert or scaler uses it"));
        nowExposed.forEach(n -> problems.add(n + ": exposed now; remove it from " + pendingFile.getFileName()));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
