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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * An inference worker's serving pipeline, wired from its settings and clients: the model side
 * ({@link ModelCatalog} kept by the {@link ModelEventsFollower}, {@link ModelRegistry},
 * {@link ModelHotSwapper}, {@link LoadFailurePublisher}) and the request path ({@link RequestConsumer}
 * → {@link RequestHandler} → {@link DynamicBatcher} → {@link ResultPublisher}). {@link #start} follows
 * the model topics, loads the current versions, then consumes requests; {@link #close} drains in the
 * reverse order. Plain Java, so that the Quarkus bean ({@link InferenceWorker}) and tests run the same
 * thing.
 */
public final class InferencePipeline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InferencePipeline.class);

    private final InferenceMetrics metrics;
    private final ModelCatalog catalog = new ModelCatalog();
    private final LoadFailurePublisher loadFailures;
    private final ModelRegistry registry;
    private final ModelHotSwapper swapper;
    private final DynamicBatcher batcher;
    private final ResultPublisher results;
    private final ExecutorService preprocess;
    private final RequestConsumer requests;
    private final ModelEventsFollower follower;
    private boolean started;
    private boolean closed;
    private volatile boolean consuming;

    /**
     * Creates every part; nothing runs before {@link #start}.
     *
     * @param settings the worker's settings
     * @param kafka the Kafka cluster and how to authenticate
     * @param store where bundles and images are
     * @param metrics the meters
     * @param onLoadFailure told about every failed load, besides its record on the load-failures topic
     */
    public InferencePipeline(InferenceSettings settings, KafkaConnection kafka, ObjectStore store,
            InferenceMetrics metrics, Consumer<ModelLoadFailed> onLoadFailure) {
        String instance = UUID.randomUUID().toString().substring(0, 8);
        String host = System.getenv("HOSTNAME");
        String workerId = (host == null || host.isBlank() ? "inference-worker" : host) + "/" + instance;
        Function<String, ServingPolicy> policies = policies(settings.models());
        ServingLanes lanes = ServingLanes.resolve(settings.batch().workers(), settings.models().threads(),
                Runtime.getRuntime().availableProcessors(), DeviceSelector.select(settings.models().device()).isGpu());
        DeviceSelector.applyThreads(lanes.threadsPerLane());
        LOG.infof("serving with %d lane(s) of %d intra-op thread(s)", lanes.lanes(), lanes.threadsPerLane());
        this.metrics = metrics;
        ModelLoader loader = new ModelLoader(store, settings.models().device(), settings.models().warmupPasses(),
                settings.batch().maxSize(), workDirectory());
        loadFailures = new LoadFailurePublisher(kafka, settings.topics().loadFailures(), workerId);
        registry = new ModelRegistry(catalog, loader, settings.models().maxLoaded(), metrics, failure -> {
            loadFailures.publish(failure);
            onLoadFailure.accept(failure);
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
        RequestHandler handler = new RequestHandler(registry, policies,
                new ImageSource(store, settings.maxImageBytes(), settings.maxImagePixels()), batcher, results, metrics,
                preprocess);
        requests = new RequestConsumer(kafka, settings.topics().requests(), settings.topics().group(),
                "baton-inference-" + instance, handler, settings.maxInFlight(), settings.commitInterval(),
                settings.drainTimeout(), metrics);
        follower = new ModelEventsFollower(kafka, new ModelTopics(settings.topics().modelsPublished(),
                settings.topics().modelAliases(), settings.topics().modelDeletions()),
                "baton-inference-models-" + instance, catalog, swapper);
    }

    private static Path workDirectory() {
        try {
            return Files.createTempDirectory("baton-inference-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param models the models' settings
     * @return each model's serving policy: its own, else the default one
     * @throws IllegalArgumentException when a policy is not one {@link ServingPolicy#parse} reads
     */
    static Function<String, ServingPolicy> policies(InferenceSettings.Models models) {
        ServingPolicy fallback = ServingPolicy.parse(models.defaultPolicy());
        Map<String, ServingPolicy> parsed = new HashMap<>();
        models.policy().forEach((model, text) -> parsed.put(model, ServingPolicy.parse(text)));
        return model -> parsed.getOrDefault(model, fallback);
    }

    /**
     * Follows the model topics and, once the current versions are loaded (or their failures
     * reported), consumes requests. {@code health} watches the request consumer and each model topic's
     * replay (liveness DOWN once one stops for good).
     *
     * @return completes when requests are being consumed; fails when the model topics cannot be followed
     *     (the pipeline then stays not ready)
     * @throws IllegalStateException when started twice or after {@link #close}
     */
    public synchronized CompletableFuture<Void> start(BackgroundHealth health) {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the pipeline was closed" : "the pipeline has already started");
        }
        started = true;
        health.watch("request consumer", requests::failure);
        return follower.start(health).thenRun(this::consume);
    }

    private synchronized void consume() {
        if (closed) {
            return;
        }
        requests.start();
        consuming = true;
        LOG.infof("inference worker ready: %s loaded", registry.loadedVersions());
    }

    /**
     * @return whether the current versions are loaded and requests are consumed, and both the request
     *     consumer and the model topics' replays still run
     */
    public boolean isReady() {
        return consuming && requests.failure().isEmpty() && follower.isReady();
    }

    /** @return what stopped the model topics' replay for good, or empty while it follows */
    public Optional<String> modelEventsFailure() {
        return follower.failure();
    }

    /** @return the model versions in memory */
    public ModelRegistry registry() {
        return registry;
    }

    /** @return what is published */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** @return the meters */
    public InferenceMetrics metrics() {
        return metrics;
    }

    /** @return requests whose result could not be published, held for redelivery after a restart */
    public int undeliveredResults() {
        return requests.undelivered();
    }

    /**
     * Stops consuming (draining the requests in hand and committing), stops following the model
     * topics and loading, runs what is queued, flushes the results and closes every version.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            consuming = false;
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
}
