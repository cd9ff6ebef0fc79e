package dev.baton.inference.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.inference.TestBundles;
import dev.baton.inference.TestKafka;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelReconciler;
import dev.baton.inference.model.ModelVersion;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model topics followed on the real broker: the backlog fills the catalog before anything is
 * reconciled, later changes are reconciled one by one, deletions evict at once, and a follower that
 * stops for good turns liveness DOWN and is not ready.
 */
class ModelEventsFollowerTest {

    private final String run = "follow-" + UUID.randomUUID().toString().substring(0, 8);
    private final ModelTopics topics = new ModelTopics(run + ".published", run + ".aliases", run + ".deletions");
    private final ModelCatalog catalog = new ModelCatalog();
    private final Recorder reconciler = new Recorder();
    private final BackgroundHealth health = new BackgroundHealth();
    private KafkaProducer<String, byte[]> producer;

    /** Records what it is told; an eviction of version 13 fails as a JVM error would. */
    private static final class Recorder implements ModelReconciler {
        final AtomicInteger reconcileAll = new AtomicInteger();
        final List<String> reconciled = new CopyOnWriteArrayList<>();
        final List<ModelVersion> evicted = new CopyOnWriteArrayList<>();
        final List<Integer> modelsKnownAtStart = new CopyOnWriteArrayList<>();
        ModelCatalog catalog;

        @Override
        public CompletableFuture<Void> reconcile(String model) {
            reconciled.add(model);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> reconcileAll() {
            reconcileAll.incrementAndGet();
            modelsKnownAtStart.add(catalog.models().size());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void evict(ModelVersion deleted) {
            if (deleted.version() == 13) {
                throw new OutOfMemoryError("test: no memory left to evict " + deleted);
            }
            evicted.add(deleted);
        }
    }

    @BeforeEach
    void topics() throws Exception {
        reconciler.catalog = catalog;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()))) {
            admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void deleteTopics() throws Exception {
        producer.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()))) {
            admin.deleteTopics(topics.all()).all().get();
        }
    }

    private void send(String topic, String key, BatonMessage message) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, message == null ? null : MessageCodec.instance().encode(message)))
                .get();
    }

    private static ModelPublished published(String model, int version) {
        return new ModelPublished(BatonMessage.CURRENT_SCHEMA_VERSION, model, version,
                new ObjectRef("bucket", model + "/" + version), "job", null, null, null, Map.of(), Instant.now());
    }

    private static ModelVersionDeleted deletion(String model, int version) {
        return new ModelVersionDeleted(BatonMessage.CURRENT_SCHEMA_VERSION, model, version, "test", Instant.now());
    }

    private ModelEventsFollower follower() {
        return new ModelEventsFollower(KafkaConnection.plaintext(TestBundles.bootstrap()), topics, run, catalog,
                reconciler);
    }

    @Test
    void theBacklogFillsTheCatalogFirstThenEachChangeIsReconciled() throws Exception {
        send(topics.published(), "a", published("a", 1));
        send(topics.published(), "a", published("a", 2));
        send(topics.published(), "b", published("b", 1));
        send(topics.published(), "c", null); // a tombstone: compaction's, skipped
        send(topics.aliases(), "a", new ModelAliasChanged(BatonMessage.CURRENT_SCHEMA_VERSION, "a", "production", 1,
                "test", Instant.now()));
        send(topics.deletions(), "b/1", deletion("b", 1));
        try (ModelEventsFollower follower = follower()) {
            assertFalse(follower.isReady(), "not ready before it starts");
            follower.start(health).get(60, TimeUnit.SECONDS);
            assertTrue(follower.isReady());
            assertEquals(1, reconciler.reconcileAll.get(), "one reconciliation of everything after the backlog");
            assertEquals(List.of(2), reconciler.modelsKnownAtStart, "the whole backlog was in the catalog by then");
            assertEquals(List.of(), reconciler.reconciled, "nothing reconciled one by one during the backlog");
            assertEquals(List.of(new ModelVersion("b", 1)), reconciler.evicted, "deletions evict at once");
            assertEquals(Optional.of(2), catalog.latest("a"));
            assertEquals(Optional.of(1), catalog.alias("a", "production"));
            assertTrue(catalog.isDeleted(new ModelVersion("b", 1)));

            send(topics.published(), "a", published("a", 3));
            send(topics.deletions(), "a/2", deletion("a", 2));
            TestKafka.waitFor(() -> reconciler.reconciled.size() == 2, Duration.ofSeconds(30),
                    () -> "two changes reconciled, saw " + reconciler.reconciled);
            assertEquals(List.of("a", "a"), reconciler.reconciled);
            assertEquals(Optional.of(3), catalog.latest("a"));
            assertTrue(reconciler.evicted.contains(new ModelVersion("a", 2)));
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
        }
    }

    @Test
    void aFollowerThatStopsForGoodTurnsLivenessDownAndIsNotReady() throws Exception {
        send(topics.published(), "a", published("a", 1));
        try (ModelEventsFollower follower = follower()) {
            follower.start(health).get(60, TimeUnit.SECONDS);
            assertTrue(follower.isReady());
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());

            send(topics.deletions(), "a/13", deletion("a", 13));
            TestKafka.waitFor(() -> follower.failure().isPresent(), Duration.ofSeconds(30), () -> "the follower stops");
            assertFalse(follower.isReady(), "a stopped follower leaves the catalog stale");
            assertTrue(follower.failure().orElseThrow().contains(topics.deletions()), follower.failure().orElseThrow());
            HealthCheckResponse liveness = health.call();
            assertEquals(HealthCheckResponse.Status.DOWN, liveness.getStatus());
            assertTrue(String.valueOf(liveness.getData().orElseThrow().get("replay " + topics.deletions()))
                    .contains("OutOfMemoryError"), liveness.getData().toString());
        }
    }

    @Test
    void aFollowerThatStopsDuringTheBacklogNeverStartsServing() throws Exception {
        send(topics.deletions(), "a/13", deletion("a", 13));
        try (ModelEventsFollower follower = follower()) {
            CompletableFuture<Void> started = follower.start(health);
            TestKafka.waitFor(started::isDone, Duration.ofSeconds(60), () -> "the start ends");
            assertTrue(started.isCompletedExceptionally(), "the start fails: the worker stays not ready");
            assertEquals(0, reconciler.reconcileAll.get());
            assertFalse(follower.isReady());
            assertEquals(HealthCheckResponse.Status.DOWN, health.call().getStatus());
        }
    }
}
