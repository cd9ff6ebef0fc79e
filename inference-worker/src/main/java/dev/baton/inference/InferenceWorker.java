package dev.baton.inference;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.config.InferenceSettings;
import dev.baton.inference.health.ModelsReadinessCheck;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelLoadFailed;
import dev.baton.inference.model.ModelRegistry;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Quarkus service around the {@link InferencePipeline}: creates it from the settings and the
 * service's clients at start-up, fires a CDI event for every failed load, and closes it at shutdown.
 * Ready (see {@link ModelsReadinessCheck}) once the current versions are loaded and requests are consumed.
 */
@ApplicationScoped
public class InferenceWorker {

    private static final Logger LOG = Logger.getLogger(InferenceWorker.class);

    private final InferenceSettings settings;
    private final ObjectStore store;
    private final MeterRegistry meters;
    private final Event<ModelLoadFailed> failures;
    private final KafkaConnection kafka;
    private final BackgroundHealth health;
    private volatile InferencePipeline pipeline;

    InferenceWorker(InferenceSettings settings, ObjectStore store, MeterRegistry meters, Event<ModelLoadFailed> failures,
            KafkaConnection kafka, BackgroundHealth health) {
        this.settings = settings;
        this.store = store;
        this.meters = meters;
        this.failures = failures;
        this.kafka = kafka;
        this.health = health;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        InferencePipeline started = new InferencePipeline(settings, kafka, store, new InferenceMetrics(meters),
                failures::fire);
        pipeline = started;
        started.start(health).exceptionally(e -> {
            LOG.error("model topics could not be followed; the worker stays not ready", e);
            return null;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        InferencePipeline running = pipeline;
        if (running != null) {
            running.close();
        }
    }

    /** @return whether the current versions are loaded and requests are consumed (every loop still running) */
    public boolean isReady() {
        InferencePipeline running = pipeline;
        return running != null && running.isReady();
    }

    /** @return the model versions in memory, or null before start-up */
    public ModelRegistry registry() {
        InferencePipeline running = pipeline;
        return running == null ? null : running.registry();
    }

    /** @return requests whose result could not be published, held for redelivery after a restart */
    public int undeliveredResults() {
        InferencePipeline running = pipeline;
        return running == null ? 0 : running.undeliveredResults();
    }

    /** @return what stopped the model topics' replay for good, or empty while it follows (or before start-up) */
    public Optional<String> modelEventsFailure() {
        InferencePipeline running = pipeline;
        return running == null ? Optional.empty() : running.modelEventsFailure();
    }

    /** @return the meters, or null before start-up */
    public InferenceMetrics metrics() {
        InferencePipeline running = pipeline;
        return running == null ? null : running.metrics();
    }

    /** @return what is published, or null before start-up */
    public ModelCatalog catalog() {
        InferencePipeline running = pipeline;
        return running == null ? null : running.catalog();
    }
}
