package dev.baton.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 *   <li>{@code baton.inference.model.version} (gauge, tags {@code model} and {@code version}, value 1):
 *       one series per version in memory, removed when the version is closed (so bounded by the LRU)</li>
 *   <li>{@code baton.inference.results.undelivered} (counter): results not published even after the
 *       producer's retries; their requests are held for redelivery after a restart</li>
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
    private final Counter undelivered;
    private final Map<String, VersionGauge> versions = new HashMap<>();
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
        this.undelivered = Counter.builder("baton.inference.results.undelivered")
                .description("results not published after the producer's retries; their requests wait for redelivery")
                .register(registry);
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

    /** @param model the model @param version a version now in memory */
    public void loaded(String model, int version) {
        loaded.incrementAndGet();
        synchronized (versions) {
            // a version evicted and loaded again may briefly be in memory twice: one series, counted
            versions.computeIfAbsent(model + "@" + version, k -> new VersionGauge(Gauge.builder(
                    "baton.inference.model.version", () -> 1).description("a model version in memory (value 1)")
                    .tag("model", model).tag("version", Integer.toString(version)).register(registry))).copies++;
        }
    }

    /** @param model the model @param version a version closed (its native memory released) */
    public void closed(String model, int version) {
        loaded.decrementAndGet();
        closed.increment();
        synchronized (versions) {
            VersionGauge gauge = versions.get(model + "@" + version);
            if (gauge != null && --gauge.copies == 0) {
                versions.remove(model + "@" + version);
                registry.remove(gauge.gauge);
            }
        }
    }

    private static final class VersionGauge {
        final Gauge gauge;
        int copies;

        VersionGauge(Gauge gauge) {
            this.gauge = gauge;
        }
    }

    /** a result could not be published */
    public void undelivered() {
        undelivered.increment();
    }

    /** @return results not published so far */
    public double undeliveredCount() {
        return undelivered.count();
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

    /**
     * Reports a consumer's client metrics (fetch lag among them) until it closes; Quarkus binds only
     * the clients SmallRye creates.
     *
     * @return what to close with the consumer
     */
    public AutoCloseable bindConsumer(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics binder =
                new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer);
        binder.bindTo(registry);
        return binder;
    }
}
