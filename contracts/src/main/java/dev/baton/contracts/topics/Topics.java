package dev.baton.contracts.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic and group name Baton uses, with the partitions, retention and compaction
 * each one is given: the one place where they are chosen. Kubernetes' KafkaTopic resources and
 * {@link TopicProvisioner} both follow this list.
 */
public final class Topics {
    /** Training jobs, taken from a share group by any idle trainer. */
    public static final String TRAINING_REQUESTS = "baton.training.requests";
    /** Cancels, read by every trainer. */
    public static final String TRAINING_CANCELS = "baton.training.cancels";
    /** The life of every job, keyed by job id. */
    public static final String TRAINING_EVENTS = "baton.training.events";
    /** Images to classify. */
    public static final String INFERENCE_REQUESTS = "baton.inference.requests";
    /** Predictions and errors, keyed by correlation id. */
    public static final String INFERENCE_RESULTS = "baton.inference.results";
    /** Complete model bundles, keyed by model name, compacted. */
    public static final String MODELS_PUBLISHED = "baton.models.published";
    /** Alias moves, keyed by model/alias, compacted. */
    public static final String MODEL_ALIASES = "baton.models.aliases";
    /** Deleted model versions, keyed by model/version, compacted: a deleted version is never served again. */
    public static final String MODEL_DELETIONS = "baton.models.deletions";
    /** The trainers' model-version claims: one partition, one order, kept forever (see the trainer's VersionAllocator). */
    public static final String MODEL_VERSIONS = "baton.models.versions";
    /** Records that could not be parsed or validated, with the reason. */
    public static final String DEAD_LETTERS = "baton.dead-letters";
    /** Model versions a worker could not load or warm up, keyed by model name, with the reason. */
    public static final String MODEL_LOAD_FAILURES = "baton.models.load-failures";

    /** The trainers' share group on {@link #TRAINING_REQUESTS}. */
    public static final String TRAINER_SHARE_GROUP = "baton-trainers";
    /** The inference workers' consumer group on {@link #INFERENCE_REQUESTS}. */
    public static final String INFERENCE_GROUP = "baton-inference";

    private static final String DAY = Long.toString(Duration.ofDays(1).toMillis());
    private static final String WEEK = Long.toString(Duration.ofDays(7).toMillis());
    private static final String MONTH = Long.toString(Duration.ofDays(30).toMillis());
    private static final String HOUR = Long.toString(Duration.ofHours(1).toMillis());

    /** Every topic with its settings. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(TRAINING_REQUESTS, 1, Map.of("cleanup.policy", "delete", "retention.ms", WEEK),
                    "one partition: a share group gives a partition to every member only when members outnumber "
                    + "partitions, so with one partition every trainer takes from the same queue and no trainer idles "
                    + "while a job waits in a partition another holds; a week covers queued jobs"),
            new TopicSpec(TRAINING_CANCELS, 1, Map.of("cleanup.policy", "delete", "retention.ms", DAY),
                    "every trainer reads every cancel; a day outlives any queue wait worth cancelling"),
            new TopicSpec(TRAINING_EVENTS, 6, Map.of("cleanup.policy", "delete", "retention.ms", MONTH),
                    "keyed by job id so a job's events stay in order; the gateway rebuilds job views from a month"),
            new TopicSpec(INFERENCE_REQUESTS, 6, Map.of("cleanup.policy", "delete", "retention.ms", HOUR),
                    "requests are answered in seconds; an hour is for diagnosis"),
            new TopicSpec(INFERENCE_RESULTS, 6, Map.of("cleanup.policy", "delete", "retention.ms", HOUR),
                    "keyed by correlation id; callers wait seconds"),
            new TopicSpec(MODELS_PUBLISHED, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"),
                    "compacted by model name: the newest version of every model is always there for a starting worker"),
            new TopicSpec(MODEL_ALIASES, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"),
                    "compacted by model/alias: where every alias points now"),
            new TopicSpec(MODEL_DELETIONS, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"),
                    "compacted by model/version: every deletion is kept, so a replayed publication of a deleted "
                    + "version is never served"),
            new TopicSpec(MODEL_VERSIONS, 1, Map.of("cleanup.policy", "delete", "retention.ms", "-1"),
                    "one partition gives every claim one order; kept forever so a version is never given twice"),
            new TopicSpec(DEAD_LETTERS, 1, Map.of("cleanup.policy", "delete", "retention.ms",
                    Long.toString(Duration.ofDays(14).toMillis())),
                    "poison records kept two weeks for a person to look at"),
            new TopicSpec(MODEL_LOAD_FAILURES, 1, Map.of("cleanup.policy", "delete", "retention.ms", WEEK),
                    "keyed by model name: why a published version does not serve, kept a week for users and operators"));

    /**
     * @param name a topic of {@link #ALL}
     * @return its settings
     * @throws IllegalArgumentException when Baton has no such topic
     */
    public static TopicSpec spec(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Baton has no topic " + name));
    }

    /** Settings of the trainers' share group: a new group must see jobs sent before it joined. */
    public static final Map<String, String> TRAINER_SHARE_GROUP_CONFIG = Map.of("share.auto.offset.reset", "earliest");

    private Topics() {
    }
}
