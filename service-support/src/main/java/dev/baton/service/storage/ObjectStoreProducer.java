package dev.baton.service.storage;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.service.config.ObjectStoreSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the object-store client and the atomic publisher injectable. Every failed S3 call is
 * counted as {@code baton_s3_errors_total{operation}} (create, write, read, stat, list, delete),
 * and every call is timed as {@code baton_s3_requests_seconds{operation}} (with buckets from 5 ms to
 * 10 s, for latency percentiles); both are registered at zero so that dashboards and alerts see the
 * series before the first call.
 */
@ApplicationScoped
public class ObjectStoreProducer {
    private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    /** @return the shared, thread-safe object-store client */
    @Produces
    @ApplicationScoped
    public ObjectStore objectStore(ObjectStoreSettings settings, MeterRegistry registry) {
        Map<String, Counter> errors = ObjectStore.OPERATIONS.stream().collect(Collectors.toConcurrentMap(Function.identity(),
                op -> Counter.builder("baton.s3.errors").tag("operation", op)
                        .description("S3 calls that failed (a missing object is not counted)").register(registry)));
        Map<String, Timer> timers = ObjectStore.OPERATIONS.stream().collect(Collectors.toConcurrentMap(
                Function.identity(), op -> timer(op, registry)));
        return ObjectStore.connect(new ObjectStoreConfig(settings.endpoint(), settings.accessKey(),
                settings.secretKey(), settings.region()))
                .onFailure(op -> errors.computeIfAbsent(op, o -> Counter.builder("baton.s3.errors")
                        .tag("operation", o).register(registry)).increment())
                .onCall((op, took) -> timers.computeIfAbsent(op, o -> timer(o, registry)).record(took));
    }

    private static Timer timer(String operation, MeterRegistry registry) {
        return Timer.builder("baton.s3.requests").tag("operation", operation)
                .description("S3 calls, successful or not (a read until the answer's headers)")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    /** @return the data-first, record-last publisher */
    @Produces
    @ApplicationScoped
    public AtomicPublisher atomicPublisher(ObjectStore store) {
        return new AtomicPublisher(store);
    }
}
