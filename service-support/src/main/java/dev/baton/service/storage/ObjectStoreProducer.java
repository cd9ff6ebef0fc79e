package dev.baton.service.storage;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.service.config.ObjectStoreSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes the object-store client and the atomic publisher injectable. Every failed S3 call is
 * counted as {@code baton_s3_errors_total{operation}} (create, write, read, stat, list, delete),
 * registered at zero so that dashboards and alerts see the series before the first failure.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    /** @return the shared, thread-safe object-store client */
    @Produces
    @ApplicationScoped
    public ObjectStore objectStore(ObjectStoreSettings settings, MeterRegistry registry) {
        Map<String, Counter> errors = ObjectStore.OPERATIONS.stream().collect(Collectors.toConcurrentMap(Function.identity(),
                op -> Counter.builder("baton.s3.errors").tag("operation", op)
                        .description("S3 calls that failed (a missing object is not counted)").register(registry)));
        return ObjectStore.connect(new ObjectStoreConfig(settings.endpoint(), settings.accessKey(),
                settings.secretKey(), settings.region()))
                .onFailure(op -> errors.computeIfAbsent(op, o -> Counter.builder("baton.s3.errors")
                        .tag("operation", o).register(registry)).increment());
    }

    /** @return the data-first, record-last publisher */
    @Produces
    @ApplicationScoped
    public AtomicPublisher atomicPublisher(ObjectStore store) {
        return new AtomicPublisher(store);
    }
}
