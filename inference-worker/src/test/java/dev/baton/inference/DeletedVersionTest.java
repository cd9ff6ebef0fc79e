package dev.baton.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.InferenceResult.InferenceError.Code;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.model.ModelVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A deleted version is evicted (as the model's default and as a loaded non-default), requests
 * naming it get {@code UNKNOWN_MODEL}, the model falls back to its newest remaining version, and
 * a replayed publication of the deleted version never loads it again, although its bundle is
 * still in the object store.
 */
@QuarkusTest
@TestProfile(IsolatedTopicsProfile.class)
class DeletedVersionTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    InferenceWorker worker;

    private static InferenceRequest request(String id, String model, Integer version) {
        return new InferenceRequest(BatonMessage.CURRENT_SCHEMA_VERSION, id, model, version, null,
                TestBundles.image(5, "png"), null, 2, Instant.now());
    }

    private static ModelVersionDeleted deletion(String model, int version) {
        return new ModelVersionDeleted(BatonMessage.CURRENT_SCHEMA_VERSION, model, version, "test", Instant.now());
    }

    @Test
    void aDeletedVersionIsEvictedAndNeverServedAgain() throws Exception {
        String model = IsolatedTopicsProfile.RUN + "-deleted";
        String run = IsolatedTopicsProfile.RUN;
        ObjectStore store = TestBundles.store();
        Path dir = Files.createTempDirectory("deleted-bundles");
        TestKafka.waitFor(worker::isReady, WAIT, () -> "worker ready");
        try (TestKafka kafka = new TestKafka(IsolatedTopicsProfile.RESULTS)) {
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model,
                    TestBundles.publish(store, model, 1, TestBundles.write(dir.resolve("v1"), 21)));
            awaitServing(model, 1);
            ModelPublished v2 = TestBundles.publish(store, model, 2, TestBundles.write(dir.resolve("v2"), 22));
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, v2);
            awaitServing(model, 2);
            kafka.send(IsolatedTopicsProfile.REQUESTS, "pinned-v1", request(run + "-pinned-v1", model, 1));
            assertNull(kafka.await(run + "-pinned-v1").error());
            assertTrue(worker.registry().loadedVersions().contains(new ModelVersion(model, 1)), "v1 loaded pinned");

            // The default is deleted: it leaves memory and the newest remaining version serves.
            kafka.send(IsolatedTopicsProfile.DELETIONS, model + "/2", deletion(model, 2));
            awaitServing(model, 1);
            TestKafka.waitFor(() -> !worker.registry().loadedVersions().contains(new ModelVersion(model, 2)), WAIT,
                    () -> "v2 evicted");
            kafka.send(IsolatedTopicsProfile.REQUESTS, "pinned-v2", request(run + "-pinned-v2", model, 2));
            assertDeleted(kafka.await(run + "-pinned-v2"));
            kafka.send(IsolatedTopicsProfile.REQUESTS, "latest", request(run + "-latest", model, null));
            InferenceResult latest = kafka.await(run + "-latest");
            assertNull(latest.error());
            assertEquals(1, latest.version());

            // An old publication of v2 replayed: it stays deleted. A later publication of another model on the
            // same partition marks the point the follower has read past it.
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, v2);
            String marker = model + "-marker";
            kafka.send(IsolatedTopicsProfile.PUBLISHED, marker,
                    TestBundles.publish(store, marker, 1, TestBundles.write(dir.resolve("marker"), 24)));
            awaitServing(marker, 1);
            assertEquals(1, worker.catalog().latest(model).orElseThrow(), "the replayed v2 is not the latest");
            assertTrue(worker.catalog().isDeleted(new ModelVersion(model, 2)));
            assertEquals(1, worker.registry().serving(model).orElseThrow().id().version());

            // v3 published after it: v3 serves, v2 never loads.
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model,
                    TestBundles.publish(store, model, 3, TestBundles.write(dir.resolve("v3"), 23)));
            awaitServing(model, 3);
            assertFalse(worker.registry().loadedVersions().contains(new ModelVersion(model, 2)), "v2 stays out");
            kafka.send(IsolatedTopicsProfile.REQUESTS, "pinned-v2-again", request(run + "-pinned-v2-again", model, 2));
            assertDeleted(kafka.await(run + "-pinned-v2-again"));

            // A loaded version that is not the default is evicted too.
            kafka.send(IsolatedTopicsProfile.REQUESTS, "pinned-v1-again", request(run + "-pinned-v1-again", model, 1));
            assertNull(kafka.await(run + "-pinned-v1-again").error());
            kafka.send(IsolatedTopicsProfile.DELETIONS, model + "/1", deletion(model, 1));
            TestKafka.waitFor(() -> !worker.registry().loadedVersions().contains(new ModelVersion(model, 1)), WAIT,
                    () -> "v1 evicted");
            kafka.send(IsolatedTopicsProfile.REQUESTS, "pinned-v1-deleted", request(run + "-pinned-v1-deleted", model, 1));
            assertDeleted(kafka.await(run + "-pinned-v1-deleted"));
            assertEquals(3, worker.registry().serving(model).orElseThrow().id().version());
        }
    }

    private static void assertDeleted(InferenceResult result) {
        assertNotNull(result.error(), () -> result.correlationId() + " should have failed");
        assertEquals(Code.UNKNOWN_MODEL, result.error().code(), result.error().message());
        assertTrue(result.error().message().contains("was deleted"), result.error().message());
    }

    private void awaitServing(String model, int version) {
        TestKafka.waitFor(() -> worker.registry().serving(model).map(m -> m.id().version() == version).orElse(false),
                WAIT, () -> model + " v" + version + " serving");
    }
}
