package dev.baton.inference;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.config.InferenceSettings;
import dev.baton.inference.config.ServingLanes;
import dev.baton.inference.events.LoadFailurePublisher;
import dev.baton.inference.events.ModelEventsFollower;
import dev.baton.inference.events.ModelTopics;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelHotSwapper;
import dev.baton.inference.model.ModelLoadFailed;
import dev.baton.inference.model.ModelLoader;
import dev.baton.inference.model.ModelRegistry;
import dev.baton.inference.model.ServingPolicy;
import dev.baton.inference.serving.DynamicBatcher;
import dev.baton.inference.serving.ImageSource;
import dev.baton.inference.serving.RequestConsumer;
import dev.baton.inference.serving.RequestHandler;
import dev.baton.inference.serving.ResultPublisher;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.transfer.device.DeviceSelector;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Wires and runs the worker: follows the model topics, loads the current versions, then consumes
 * requests; on shutdown drains in the reverse order. Ready (see
 * {@link dev.baton.inference.health.ModelsReadinessCheck}) once the current versions are loaded.
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

    private InferenceMetrics metrics;
    private ModelCatalog catalog;
    private ModelRegistry registry;
    private ModelHotSwapper swapper;
    private ModelEventsFollower follower;
    private DynamicBatcher batcher;
    private ResultPublisher results;
    private LoadFailurePublisher loadFailures;
    private ExecutorService preprocess;
    private RequestConsumer requests;
    private volatile boolean ready;

    InferenceWorker(InferenceSettings settings, ObjectStore store, MeterRegistry meters, Event<ModelLoadFailed> failures,
            KafkaConnection kafka, BackgroundHealth health) {
        this.health = health;
        this.settings = settings;
        this.store = store;
        this.meters = meters;
        this.failures = failures;
        this.kafka = kafka;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        String instance = UUID.randomUUID().toString().substring(0, 8);
        String host = System.getenv("HOSTNAME");
        String workerId = (host == null || host.isBlank() ? "inference-worker" : host) + "/" + instance;
        Function<String, ServingPolicy> policies = policies(settings.models());
        ServingLanes lanes = ServingLanes.resolve(settings.batch().workers(), settings.models().threads(),
                Runtime.getRuntime().availableProcessors(), DeviceSelector.select(settings.models().device()).isGpu());
        DeviceSelector.applyThreads(lanes.threadsPerLane());
        LOG.infof("serving with %d lane(s) of %d intra-op thread(s)", lanes.lanes(), lanes.threadsPerLane());
        Path work;
        try {
            work = Files.createTempDirectory("baton-inference-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics = new InferenceMetrics(meters);
        catalog = new ModelCatalog();
        ModelLoader loader = new ModelLoader(store, settings.models().device(), settings.models().warmupPasses(),
                settings.batch().maxSize(), work);
        loadFailures = new LoadFailurePublisher(kafka, settings.topics().loadFailures(), workerId);
        registry = new ModelRegistry(catalog, loader, settings.models().maxLoaded(), metrics, failure -> {
            loadFailures.publish(failure);
            failures.fire(failure);
        });
        swapper = new ModelHotSwapper(registry, catalog, policies, Pattern.compile(settings.models().include()), metrics);
        batcher = new DynamicBatcher(settings.batch().maxSize(), settings.batch().maxDelay(), lanes.lanes(),
                settings.batch().dispatchWhenIdle(), metrics);
        results = new ResultPublisher(kafka, settings.topics().results(), "baton-inference-results-" + instance,
                settings.results().deliveryTimeout(), settings.results().metadataTimeout(), settings.results().linger());
        AtomicInteger threadNumber = new AtomicInteger();
        preprocess = Executors.newFixedThreadPool(settings.preprocessThreads(), r -> {
            Thread t = new Thread(r, "baton-preprocess-" + threadNumber.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        RequestHandler handler = new RequestHandler(registry, policies, new ImageSource(store, settings.maxImageBytes(),
                settings.maxImagePixels()),
                batcher, results, metrics, preprocess);
        requests = new RequestConsumer(kafka, settings.topics().requests(), settings.topics().group(),
                "baton-inference-" + instance, handler, settings.maxInFlight(), settings.commitInterval(),
                settings.drainTimeout(), metrics);
        follower = new ModelEventsFollower(kafka, new ModelTopics(settings.topics().modelsPublished(),
                settings.topics().modelAliases(), settings.topics().modelDeletions()), "baton-inference-models-" + instance,
                catalog, swapper);
        RequestConsumer consumer = requests;
        ModelEventsFollower events = follower;
        health.watch("request consumer", consumer::failure);
        health.watch("model events follower", events::failure);
        follower.startup().whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("model topics could not be followed; the worker stays not ready", e);
                return;
            }
            requests.start();
            ready = true;
            LOG.infof("inference worker ready: %s loaded", registry.loadedVersions());
        });
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        ready = false;
        if (requests == null) {
            return;
        }
        requests.close();
        follower.close();
        swapper.close();
        preprocess.shutdown();
        try {
            preprocess.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batcher.close();
        results.close();
        registry.close();
        loadFailures.close();
    }

    static Function<String, ServingPolicy> policies(InferenceSettings.Models models) {
        ServingPolicy fallback = ServingPolicy.parse(models.defaultPolicy());
        Map<String, ServingPolicy> parsed = new HashMap<>();
        models.policy().forEach((model, text) -> parsed.put(model, ServingPolicy.parse(text)));
        return model -> parsed.getOrDefault(model, fallback);
    }

    /** @return whether the current versions are loaded and requests are consumed (both loops still running) */
    public boolean isReady() {
        return ready && requests.failure().isEmpty() && follower.failure().isEmpty();
    }

    /** @return the model versions in memory */
    public ModelRegistry registry() {
        return registry;
    }

    /** @return requests whose result could not be published, held for redelivery after a restart */
    public int undeliveredResults() {
        return requests == null ? 0 : requests.undelivered();
    }

    /** @return the meters */
    public InferenceMetrics metrics() {
        return metrics;
    }

    /** @return what is published */
    public ModelCatalog catalog() {
        return catalog;
    }
}
