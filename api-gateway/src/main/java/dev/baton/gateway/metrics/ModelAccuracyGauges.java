package dev.baton.gateway.metrics;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code baton_model_validation_accuracy{model,version}}: the final validation accuracy of each
 * published model version, taken from the SUCCEEDED events the gateway replays into its job view.
 * Only the newest {@link #VERSIONS_PER_MODEL} versions of a model keep a series, which bounds the
 * cardinality; Prometheus keeps the history of older ones.
 */
@ApplicationScoped
public class ModelAccuracyGauges {
    /** How many versions of one model keep a series. */
    static final int VERSIONS_PER_MODEL = 20;

    private final MeterRegistry registry;
    private final Map<String, NavigableMap<Integer, Gauge>> byModel = new ConcurrentHashMap<>();

    ModelAccuracyGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes the validation accuracy of a succeeded job's model version; ignores every other event. */
    public synchronized void record(TrainingEvent event) {
        if (event.type() != TrainingEventType.SUCCEEDED || event.modelName() == null || event.modelVersion() == null
                || event.metrics() == null || !event.metrics().containsKey("val_accuracy")) {
            return;
        }
        double accuracy = event.metrics().get("val_accuracy");
        NavigableMap<Integer, Gauge> versions = byModel.computeIfAbsent(event.modelName(), m -> new TreeMap<>());
        Gauge old = versions.remove(event.modelVersion());
        if (old != null) {
            registry.remove(old);
        }
        versions.put(event.modelVersion(), Gauge.builder("baton.model.validation.accuracy", () -> accuracy)
                .tag("model", event.modelName()).tag("version", Integer.toString(event.modelVersion()))
                .description("Final validation accuracy of a published model version").register(registry));
        while (versions.size() > VERSIONS_PER_MODEL) {
            registry.remove(versions.pollFirstEntry().getValue());
        }
    }
}
