package dev.baton.inference.config;

import dev.baton.contracts.topics.Topics;
import dev.baton.transfer.device.DevicePreference;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the inference worker ({@code baton.inference.*}). */
@ConfigMapping(prefix = "baton.inference")
public interface InferenceSettings {

    /** @return the topics the worker reads and writes */
    TopicNames topics();

    /** @return dynamic batching */
    Batch batch();

    /** @return model loading and serving policies */
    Models models();

    /** @return how results are published */
    Results results();

    /** @return the largest image accepted, inline or by reference, in bytes */
    @WithDefault("4194304")
    int maxImageBytes();

    /** @return the most pixels (width times height) an image's header may declare; refused before decoding */
    @WithDefault("25000000")
    long maxImagePixels();

    /** @return threads that fetch, decode and resize images before batching */
    @WithDefault("2")
    int preprocessThreads();

    /** @return requests taken from Kafka but not yet answered, at most (back-pressure) */
    @WithDefault("512")
    int maxInFlight();

    /** @return how often consumed offsets are committed */
    @WithDefault("500ms")
    Duration commitInterval();

    /** @return how long shutdown waits for requests in flight to be answered */
    @WithDefault("30s")
    Duration drainTimeout();

    /** Topic names (defaults are Baton's topics; tests use their own). */
    interface TopicNames {
        /** @return where requests come from */
        @WithDefault(Topics.INFERENCE_REQUESTS)
        String requests();

        /** @return where results go */
        @WithDefault(Topics.INFERENCE_RESULTS)
        String results();

        /** @return the compacted topic of published model versions */
        @WithDefault(Topics.MODELS_PUBLISHED)
        String modelsPublished();

        /** @return the compacted topic of alias moves */
        @WithDefault(Topics.MODEL_ALIASES)
        String modelAliases();

        /** @return the compacted topic of deleted model versions */
        @WithDefault(Topics.MODEL_DELETIONS)
        String modelDeletions();

        /** @return where load failures are reported */
        @WithDefault(Topics.MODEL_LOAD_FAILURES)
        String loadFailures();

        /** @return the consumer group of request consumers */
        @WithDefault(Topics.INFERENCE_GROUP)
        String group();
    }

    /** Dynamic batching. */
    interface Batch {
        /** @return the largest batch */
        @WithDefault("32")
        int maxSize();

        /** @return how long the first request of a batch may wait for more */
        @WithDefault("5ms")
        Duration maxDelay();

        /**
         * @return whether a partial batch runs at once when nothing else is queued and no request is
         *     being prepared (waiting could not grow it); false always waits {@link #maxDelay()}
         */
        @WithDefault("true")
        boolean dispatchWhenIdle();

        /**
         * @return serving lanes: threads that each compute their own batches, at once; 0 chooses
         *     ({@link ServingLanes#resolve}: one per core up to 4 on CPU, one on a GPU)
         */
        @WithDefault("0")
        int workers();
    }

    /**
     * Publishing results. The producer retries by itself (idempotent, {@code acks=all}) until
     * {@link #deliveryTimeout()}; a result still unpublished then holds its request's offset back,
     * so the request is redelivered after a restart instead of being lost.
     */
    interface Results {
        /** @return the producer's {@code delivery.timeout.ms}: how long one result is retried */
        @WithDefault("30s")
        Duration deliveryTimeout();

        /**
         * @return the producer's {@code max.block.ms}: how long publishing may wait for the results
         *     topic's metadata (it blocks the batch thread meanwhile)
         */
        @WithDefault("5s")
        Duration metadataTimeout();

        /** @return the producer's {@code linger.ms}: 0 sends each result at once */
        @WithDefault("0ms")
        Duration linger();
    }

    /** Model loading. */
    interface Models {
        /** @return the most model versions kept loaded (LRU beyond) */
        @WithDefault("8")
        int maxLoaded();

        /**
         * @return what requests without a version or alias get, per model: {@code latest},
         *     {@code alias:<name>} or {@code version:<n>}; models not listed use {@link #defaultPolicy()}
         */
        Map<String, String> policy();

        /** @return the policy of models not listed in {@link #policy()} */
        @WithDefault("latest")
        String defaultPolicy();

        /** @return a regular expression: models this worker loads at start-up and follows */
        @WithDefault(".*")
        String include();

        /** @return where models run */
        @WithDefault("cpu")
        DevicePreference device();

        /**
         * @return PyTorch intra-op threads of each serving lane (a process-wide setting); 0 chooses
         *     (cores divided among the lanes, see {@link ServingLanes#resolve})
         */
        @WithDefault("0")
        int threads();

        /** @return warm-up passes at batch size 1 and at the largest batch before a swap */
        @WithDefault("2")
        int warmupPasses();
    }
}
