package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The static half of the metric check: names are read out of PromQL correctly, and every query has some. */
class MetricNamesTest {
    @Test
    void readsNamesOutOfPromql() {
        assertEquals(Set.of("baton_inference_latency_seconds_bucket"), MetricNames.inExpression(
                "histogram_quantile(0.99, sum by (le) (rate(baton_inference_latency_seconds_bucket{namespace=\"$namespace\"}[$__rate_interval])))"));
        assertEquals(Set.of("baton_training_queue_depth", "baton_training_jobs_running"), MetricNames.inExpression(
                "(delta(sum(baton_training_queue_depth{namespace=\"baton\"})[15m:1m]) > 0) and on() "
                        + "((count(baton_training_jobs_running{namespace=\"baton\"}) or vector(0)) == 0)"));
        assertEquals(Set.of("a_total", "b"), MetricNames.inExpression(
                "sum without (pod) (increase(a_total{x=~\"y|z\"}[5m] offset 1h)) / ignoring(le) group_left(k) b > bool 1e3"));
        assertEquals(Set.of("up"), MetricNames.inExpression("up"));
    }

    @Test
    void readsNamesOutOfAScrape() {
        assertEquals(Set.of("jvm_threads_live_threads", "http_server_requests_seconds_bucket"), MetricNames.inExposition("""
                # HELP jvm_threads_live_threads The current number of live threads
                # TYPE jvm_threads_live_threads gauge
                jvm_threads_live_threads 42.0
                http_server_requests_seconds_bucket{le="0.1",uri="/x"} 3
                """));
    }

    @Test
    void everyDashboardAlertAndScalerQueryNamesAMetric() {
        Map<String, Set<String>> used = MetricNames.used();
        Set<String> wheres = new java.util.TreeSet<>();
        used.values().forEach(wheres::addAll);
        // Each of the three dashboards, the alerts and both prometheus-scaled ScaledObjects.
        for (String expected : new String[] {"dashboard baton-training.json", "dashboard baton-serving.json",
                "dashboard baton-platform.json", "alert BatonTrainingJobsFailing", "alert BatonInferenceP99High",
                "alert BatonTrainingJobStuck", "alert BatonTrainingQueueUnknown", "alert BatonModelLoadFailures",
                "alert BatonInferenceResultsUndelivered", "alert BatonServiceDown",
                "KEDA trainer-worker", "KEDA inference-worker"}) {
            assertTrue(wheres.stream().anyMatch(w -> w.startsWith(expected)), expected + " uses no metric");
        }
        System.out.println("[k8s-tests] metric names used by dashboards, alerts and KEDA:\n  "
                + String.join("\n  ", MetricNames.lines(used, used.keySet())));
    }
}
