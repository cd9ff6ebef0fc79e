package dev.baton.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.TestBundles;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.device.DevicePreference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry and hot swapper on real bundles in the real object store. */
@Tag("engine")
class ModelRegistryTest {

    @TempDir
    static Path bundles;
    static Path v1;
    static Path v2;
    static Path broken;

    private final ObjectStore store = TestBundles.store();
    private final String model = "reg-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<ModelLoadFailed> failures = new CopyOnWriteArrayList<>();
    private InferenceMetrics metrics;
    private ModelCatalog catalog;
    private ModelRegistry registry;
    private ModelHotSwapper swapper;

    @BeforeAll
    static void bundles() {
        v1 = TestBundles.write(bundles.resolve("v1"), 1);
        v2 = TestBundles.write(bundles.resolve("v2"), 2);
        broken = TestBundles.writeBroken(bundles.resolve("broken"));
    }

    @BeforeEach
    void setUp(@TempDir Path work) {
        metrics = new InferenceMetrics(new SimpleMeterRegistry());
        catalog = new ModelCatalog();
        registry = new ModelRegistry(catalog, new ModelLoader(store, DevicePreference.CPU, 1, 4, work), 2, metrics,
                failures::add);
        swapper = new ModelHotSwapper(registry, catalog, m -> new ServingPolicy.Latest(), Pattern.compile(".*"), metrics);
    }

    @AfterEach
    void tearDown() {
        swapper.close();
        registry.close();
    }

    private void publish(int version, Path bundle) throws Exception {
        catalog.add(TestBundles.publish(store, model, version, bundle));
        swapper.reconcile(model).get();
    }

    private LoadedModel acquireDefault() throws Exception {
        return registry.acquire(model, null, null, new ServingPolicy.Latest()).get();
    }

    @Test
    void requestsInFlightFinishOnTheOldVersionWhichIsThenClosed() throws Exception {
        publish(1, v1);
        LoadedModel first = acquireDefault();
        assertEquals(new ModelVersion(model, 1), first.id());

        publish(2, v2);
        LoadedModel second = acquireDefault();
        assertEquals(new ModelVersion(model, 2), second.id());
        assertTrue(first.isRetired());
        assertFalse(first.isClosed(), "a request still holds v1");
        float[] input = first.preprocess(new ImageDecoder().decode(TestBundles.image(1, "png"), "x"));
        assertEquals(1, first.predict(List.of(input), 2).size(), "v1 still predicts for the request holding it");
        assertNotEquals(first.predict(List.of(input), 3), second.predict(List.of(input), 3), "versions differ");

        first.release();
        assertTrue(first.isClosed(), "the last request released v1");
        assertFalse(first.tryAcquire());
        second.release();
        assertEquals(List.of(new ModelVersion(model, 2)), registry.loadedVersions());
        assertEquals(2, metrics.swapCount());
        assertEquals(1, metrics.loadedNow());
        assertEquals(1, metrics.closedCount());
    }

    @Test
    void aBrokenBundleLeavesTheOldVersionServingAndIsReported() throws Exception {
        publish(1, v1);
        publish(2, broken);
        assertEquals(1, registry.serving(model).orElseThrow().id().version());
        assertEquals(1, metrics.loadFailureCount());
        assertEquals(1, failures.size());
        assertEquals(new ModelVersion(model, 2), failures.get(0).version());
        assertTrue(registry.failures().containsKey(new ModelVersion(model, 2)));
        LoadedModel serving = acquireDefault();
        assertEquals(1, serving.id().version());
        serving.release();

        ExecutionException pinned = assertThrows(ExecutionException.class,
                () -> registry.acquire(model, 2, null, new ServingPolicy.Latest()).get());
        assertInstanceOf(ModelLoadException.class, pinned.getCause());
        assertEquals(1, metrics.loadFailureCount(), "the failure is remembered, not retried per request");
    }

    @Test
    void pinnedVersionsLoadOnDemandWithinTheLruBound() throws Exception {
        publish(1, v1);
        catalog.add(TestBundles.publish(store, model, 2, v2));
        catalog.add(TestBundles.publish(store, model, 3, v1));
        // the default follows the latest, but pinned requests ask for older versions
        LoadedModel pinned1 = registry.acquire(model, 1, null, new ServingPolicy.Latest()).get();
        assertSame(registry.serving(model).orElseThrow(), pinned1);
        LoadedModel pinned2 = registry.acquire(model, 2, null, new ServingPolicy.Latest()).get();
        pinned2.release();
        LoadedModel pinned3 = registry.acquire(model, 3, null, new ServingPolicy.Latest()).get();
        pinned3.release();
        pinned1.release();
        assertEquals(2, registry.loadedVersions().size(), "bounded by maxLoaded=2");
        assertTrue(registry.loadedVersions().contains(new ModelVersion(model, 1)), "the default is never evicted");
        assertTrue(pinned2.isClosed(), "the least recently used non-default version was evicted and closed");
    }

    @Test
    void aVersionJustLoadedOrInUseIsNotEvictedBeforeItsUserHasIt() throws Exception {
        publish(1, v1);
        for (int v = 2; v <= 4; v++) {
            catalog.add(TestBundles.publish(store, model, v, v <= 3 ? v2 : v1));
        }
        LoadedModel held = registry.acquire(model, 2, null, new ServingPolicy.Latest()).get();
        // v3 is loaded but nobody has acquired it yet; loading v4 (limit 2: v1 default, v2 in use) must evict neither.
        LoadedModel fresh = registry.load(new ModelVersion(model, 3)).get();
        registry.load(new ModelVersion(model, 4)).get();
        assertFalse(held.isClosed(), "a version in use is not evicted");
        assertTrue(fresh.tryAcquire(), "a version just loaded is still there for whoever asked for it");
        fresh.release();
        held.release();
        registry.load(new ModelVersion(model, 4)).get();
        catalog.add(TestBundles.publish(store, model, 5, v1));
        registry.acquire(model, 5, null, new ServingPolicy.Latest()).get().release();
        assertTrue(held.isClosed() && fresh.isClosed(), "once used and idle, they are evicted again");
    }

    @Test
    void aliasAndPinnedPoliciesChooseTheDefault() throws Exception {
        catalog.add(TestBundles.publish(store, model, 1, v1));
        catalog.add(TestBundles.publish(store, model, 2, v2));
        catalog.add(new dev.baton.contracts.messages.ModelAliasChanged(1, model, "production", 1, "test",
                java.time.Instant.now()));
        ModelHotSwapper aliasSwapper = new ModelHotSwapper(registry, catalog,
                m -> ServingPolicy.parse("alias:production"), Pattern.compile(".*"), metrics);
        try {
            aliasSwapper.reconcile(model).get();
            assertEquals(1, registry.serving(model).orElseThrow().id().version());
            catalog.add(new dev.baton.contracts.messages.ModelAliasChanged(1, model, "production", 2, "test",
                    java.time.Instant.now()));
            aliasSwapper.reconcile(model).get();
            assertEquals(2, registry.serving(model).orElseThrow().id().version());
        } finally {
            aliasSwapper.close();
        }
        LoadedModel byAlias = registry.acquire(model, null, "production", new ServingPolicy.Latest()).get();
        assertEquals(2, byAlias.id().version());
        byAlias.release();
        assertEquals(new ServingPolicy.Pinned(3), ServingPolicy.parse("version:3"));
        assertThrows(IllegalArgumentException.class, () -> ServingPolicy.parse("newest"));
    }

    @Test
    void unknownModelsVersionsAndAliasesAreTypedErrors() throws Exception {
        publish(1, v1);
        for (var request : List.of(
                registry.acquire("nobody-" + model, null, null, new ServingPolicy.Latest()),
                registry.acquire(model, 9, null, new ServingPolicy.Latest()),
                registry.acquire(model, null, "staging", new ServingPolicy.Latest()))) {
            ExecutionException e = assertThrows(ExecutionException.class, request::get);
            assertInstanceOf(UnknownModelException.class, e.getCause());
        }
        assertEquals(0, metrics.loadFailureCount());
    }
}
