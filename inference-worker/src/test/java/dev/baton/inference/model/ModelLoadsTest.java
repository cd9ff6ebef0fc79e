package dev.baton.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.TestBundles;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.transfer.device.DevicePreference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background loads on real bundles: each version loads once, and a failure is remembered, not retried per request. */
@Tag("engine")
class ModelLoadsTest {

    @TempDir
    static Path bundles;
    static Path good;
    static Path broken;

    private final ObjectStore store = TestBundles.store();
    private final String model = "loads-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<ModelLoadFailed> published = new CopyOnWriteArrayList<>();
    private final SettableClock clock = new SettableClock();
    private InferenceMetrics metrics;
    private ModelCatalog catalog;
    private LoadedVersions versions;
    private ModelLoads loads;

    /** A clock the test moves. */
    private static final class SettableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void bundles() {
        good = TestBundles.write(bundles.resolve("good"), 7);
        broken = TestBundles.writeBroken(bundles.resolve("broken"));
    }

    @BeforeEach
    void setUp(@TempDir Path work) {
        metrics = new InferenceMetrics(new SimpleMeterRegistry());
        catalog = new ModelCatalog();
        versions = new LoadedVersions(4, catalog::isDeleted);
        loads = new ModelLoads(new VersionResolver(catalog), new ModelLoader(store, DevicePreference.CPU, 1, 4, work),
                versions, metrics, published::add, clock);
    }

    @AfterEach
    void tearDown() {
        loads.close();
        versions.close();
    }

    private ModelLoadException loadFails(ModelVersion id) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> loads.load(id).get());
        return assertInstanceOf(ModelLoadException.class, e.getCause());
    }

    @Test
    void aFailedLoadIsRememberedAndNotRetriedUntilTheMemoryExpiresWhileNewVersionsLoad() throws Exception {
        ModelVersion v1 = new ModelVersion(model, 1);
        catalog.add(TestBundles.publish(store, model, 1, broken));
        ModelLoadException first = loadFails(v1);
        assertEquals(1, metrics.loadFailureCount());
        assertEquals(1, published.size(), "the failure is published once");
        assertEquals(v1, published.get(0).version());
        assertTrue(loads.failedRecently(v1));
        assertTrue(loads.failures().get(v1).contains(first.getMessage()));

        clock.now = clock.now.plus(ModelLoads.FAILURE_MEMORY.minusSeconds(1));
        assertSame(first, loadFails(v1), "within the memory, the same error at once");
        assertEquals(1, metrics.loadFailureCount(), "not loaded again");
        assertEquals(1, published.size());

        catalog.add(TestBundles.publish(store, model, 2, good));
        LoadedModel v2 = loads.load(new ModelVersion(model, 2)).get();
        assertEquals(new ModelVersion(model, 2), v2.id(), "a newer version loads while the failure is remembered");

        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertFalse(loads.failedRecently(v1));
        loadFails(v1);
        assertEquals(2, metrics.loadFailureCount(), "tried again once the memory expired");
        assertEquals(2, published.size());
    }

    @Test
    void aVersionLoadsOnceHoweverManyAskAtTheSameTime() throws Exception {
        catalog.add(TestBundles.publish(store, model, 1, good));
        ModelVersion v1 = new ModelVersion(model, 1);
        List<CompletableFuture<LoadedModel>> asked = List.of(loads.load(v1), loads.load(v1), loads.load(v1));
        LoadedModel loaded = asked.get(0).get();
        for (CompletableFuture<LoadedModel> other : asked) {
            assertSame(loaded, other.get());
        }
        assertSame(loaded, loads.load(v1).get(), "in memory: no load at all");
        assertEquals(1, metrics.loadedNow());
        assertEquals(List.of(v1), versions.versions());
    }

    @Test
    void aDeletedOrUnpublishedVersionIsUnknownAndNotAFailure() {
        catalog.remove(new ModelVersionDeleted(1, model, 1, "test", Instant.now()));
        for (ModelVersion id : List.of(new ModelVersion(model, 1), new ModelVersion(model, 9))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> loads.load(id).get());
            assertInstanceOf(UnknownModelException.class, e.getCause());
        }
        assertEquals(0, metrics.loadFailureCount());
        assertEquals(List.of(), published);
    }
}
