package dev.baton.trainer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.baton.transfer.train.EpochMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-job gauges: tagged {@code job_id} (a {@code job} tag would clash with Prometheus' scrape-job
 * label), updated every epoch, and gone with the job so that their series end when it ends.
 */
class TrainerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrainerMetrics metrics = new TrainerMetrics(registry);

    @Test
    void aRunningJobHasOneSeriesPerFigureTaggedWithItsJobIdAndModel() {
        metrics.epoch("job-1", "cats", new EpochMetrics(1, 0, 0.9, 0.5, 1.1, 0.4, 120, 0.01, 1000));
        metrics.epoch("job-1", "cats", new EpochMetrics(2, 0, 0.6, 0.7, 0.8, 0.65, 130, 0.01, 1000));

        assertEquals(2.0, gauge("baton.trainer.epoch", "job-1"));
        assertEquals(0.6, gauge("baton.trainer.epoch.loss", "job-1"));
        assertEquals(0.7, gauge("baton.trainer.epoch.accuracy", "job-1"));
        assertEquals(0.8, gauge("baton.trainer.epoch.val.loss", "job-1"));
        assertEquals(0.65, gauge("baton.trainer.epoch.val.accuracy", "job-1"));
        assertEquals(130.0, gauge("baton.trainer.images.per.second", "job-1"));
        List<Meter> perJob = registry.getMeters().stream().filter(m -> m.getId().getTag("job_id") != null).toList();
        assertEquals(6, perJob.size());
        perJob.forEach(m -> {
            assertNull(m.getId().getTag("job"), m.getId() + " has no 'job' tag");
            assertEquals("cats", m.getId().getTag("model"));
        });
    }

    @Test
    void aJobsSeriesEndWhenItLeavesTheTrainer() {
        metrics.epoch("job-1", "cats", new EpochMetrics(1, 0, 0.9, 0.5, 1.1, 0.4, 120, 0.01, 1000));
        metrics.epoch("job-2", "dogs", new EpochMetrics(1, 0, 0.9, 0.5, 1.1, 0.4, 120, 0.01, 1000));
        metrics.jobGone("job-1");

        assertNull(registry.find("baton.trainer.epoch.loss").tag("job_id", "job-1").gauge());
        assertEquals(0.9, gauge("baton.trainer.epoch.loss", "job-2"));
    }

    @Test
    void resumesAreCounted() {
        metrics.resumed();
        metrics.resumed();
        assertEquals(2.0, registry.get("baton.trainer.resumes").counter().count());
    }

    private double gauge(String name, String jobId) {
        return registry.get(name).tag("job_id", jobId).gauge().value();
    }
}
