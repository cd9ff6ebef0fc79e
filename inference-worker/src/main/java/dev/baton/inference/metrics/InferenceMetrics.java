package dev.baton.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inference worker's meters. Names are stable (Prometheus adds {@code _total},
 * {@code _seconds} and the like):
 * <ul>
 *   <li>{@code baton.inference.requests} (counter, tag {@code outcome}: {@code ok} or an error code)</li>
 *   <li>{@code baton.inference.queue} (timer with histogram): record taken until its batch starts</li>
 *   <li>{@code baton.inference.compute} (timer with histogram): model time of a batch</li>
 *   <li>{@code baton.inference.batch.size} (distribution summary)</li>
 *   <li>{@code baton.inference.models.loaded} (gauge): model versions in memory</li>
 *   <li>{@code baton.inference.swaps} (counter) and {@code baton.inference.swap.duration} (timer:
 *       fetch, load, warm-up and swap)</li>
 *   <li>{@code baton.inference.load.failures} (counter)</li>
 *   <li>{@code baton.inference.models.closed} (counter): versions released after their last request</li>
 * </ul>
 */
public final class InferenceMetrics {

    private final MeterRegistry registry;
    private final Timer queue;
    private final Timer compute;
    private final DistributionSummary batchSize;
    private final Counter swaps;
    private final Timer swapDuration;
    private final Counter loadFailures;
    private final Counter closed;
    private final AtomicInteger loaded = new AtomicInteger();

    /** @param registry where the meters live */
    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.queue = Timer.builder("baton.inference.queue").description("time from taking a request until its batch starts")
                .publishPercentileHistogram().register(registry);
        this.compute = Timer.builder("baton.inference.compute").description("model time of one batch")
                .publishPercentileHistogram().register(registry);
        this.batchSize = DistributionSummary.builder("baton.inference.batch.size").description("requests per batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
        this.swaps = Counter.builder("baton.inference.swaps").description("model versions swapped in").register(registry);
        this.swapDuration = Timer.builder("baton.inference.swap.duration")
                .description("fetch, load, warm-up and swap of a version").register(registry);
        this.loadFailures = Counter.builder("baton.inference.load.failures")
                .description("bundles that failed to load or warm up").register(registry);
        this.closed = Counter.builder("baton.inference.models.closed")
                .description("versions closed after their last request").register(registry);
        Gauge.builder("baton.inference.models.loaded", loaded, AtomicInteger::get)
                .description("model versions in memory").register(registry);
    }

    /** @param outcome {@code ok} or an error code */
    public void request(String outcome) {
        Counter.builder("baton.inference.requests").tag("outcome", outcome).register(registry).increment();
    }

    /** @return how many requests ended with this outcome */
    public double requests(String outcome) {
        Counter c = registry.find("baton.inference.requests").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** @param nanos queue time of one request */
    public void queued(long nanos) {
        queue.record(Duration.ofNanos(nanos));
    }

    /** @param nanos model time of one batch @param size its size */
    public void batch(long nanos, int size) {
        compute.record(Duration.ofNanos(nanos));
        batchSize.record(size);
    }

    /** @param nanos duration of a successful swap */
    public void swapped(long nanos) {
        swaps.increment();
        swapDuration.record(Duration.ofNanos(nanos));
    }

    /** a bundle failed */
    public void loadFailed() {
        loadFailures.increment();
    }

    /** a version was loaded */
    public void loaded() {
        loaded.incrementAndGet();
    }

    /** a version was closed */
    public void closed() {
        loaded.decrementAndGet();
        closed.increment();
    }

    /** @return versions in memory */
    public int loadedNow() {
        return loaded.get();
    }

    /** @return swaps so far */
    public double swapCount() {
        return swaps.count();
    }

    /** @return load failures so far */
    public double loadFailureCount() {
        return loadFailures.count();
    }

    /** @return versions closed so far */
    public double closedCount() {
        return closed.count();
    }

    /** @return the batch-size summary */
    public DistributionSummary batchSizes() {
        return batchSize;
    }
}
