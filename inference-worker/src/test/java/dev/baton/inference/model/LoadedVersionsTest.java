package dev.baton.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.TestBundles;
import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.device.DevicePreference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References and eviction on real bundles: whatever takes a version out of memory (a swap, a
 * deletion, the limit), a request that holds it finishes on it, and it closes after the last one.
 */
@Tag("engine")
class LoadedVersionsTest {

    @TempDir
    static Path bundles;
    static Path bundle;

    private final ObjectStore store = TestBundles.store();
    private final String model = "lv-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<ModelVersion> deleted = ConcurrentHashMap.newKeySet();
    private ModelLoader loader;
    private float[] input;

    @BeforeAll
    static void bundles() {
        bundle = TestBundles.write(bundles.resolve("b"), 3);
    }

    @BeforeEach
    void setUp(@TempDir Path work) {
        loader = new ModelLoader(store, DevicePreference.CPU, 1, 4, work);
    }

    private LoadedModel load(int version) throws Exception {
        ModelVersion id = new ModelVersion(model, version);
        LoadedModel loaded = loader.load(id, TestBundles.publish(store, model, version, bundle).bundle(), () -> { });
        if (input == null) {
            input = loaded.preprocess(new ImageDecoder().decode(TestBundles.image(1, "png"), "x"));
        }
        return loaded;
    }

    private void assertServesItsRequest(LoadedModel held) {
        assertFalse(held.isClosed(), held + " is held by a request");
        assertEquals(1, held.predict(List.of(input), 2).size(), held + " still predicts for the request holding it");
    }

    @Test
    void aDeletedVersionLeavesAtOnceButClosesOnlyAfterItsRequests() throws Exception {
        LoadedVersions versions = new LoadedVersions(4, deleted::contains);
        LoadedModel v1 = load(1);
        LoadedModel v2 = load(2);
        assertTrue(versions.add(v1) && versions.add(v2));
        versions.swapIn(v1);
        LoadedModel pinned = versions.acquire(v2.id()).orElseThrow();
        LoadedModel byDefault = versions.acquireDefault(model).orElseThrow();
        assertSame(v1, byDefault);

        deleted.add(v2.id());
        versions.evict(v2.id());
        deleted.add(v1.id());
        versions.evict(v1.id());
        assertEquals(List.of(), versions.versions(), "both left memory at once");
        assertTrue(versions.serving(model).isEmpty(), "a deleted default stops being the default");
        assertTrue(versions.acquire(v2.id()).isEmpty() && versions.acquireDefault(model).isEmpty());
        assertServesItsRequest(pinned);
        assertServesItsRequest(byDefault);

        pinned.release();
        byDefault.release();
        assertTrue(v1.isClosed() && v2.isClosed(), "closed after the last request");
        assertThrows(IllegalStateException.class, () -> versions.swapIn(v1), "a deleted version is never the default");
    }

    @Test
    void aSwapRetiresThePreviousDefaultWhichClosesAfterItsRequests() throws Exception {
        LoadedVersions versions = new LoadedVersions(4, deleted::contains);
        LoadedModel v1 = load(1);
        LoadedModel v2 = load(2);
        versions.add(v1);
        assertNull(versions.swapIn(v1));
        LoadedModel held = versions.acquireDefault(model).orElseThrow();
        versions.add(v2);
        assertSame(v1, versions.swapIn(v2));
        assertTrue(v1.isRetired());
        assertServesItsRequest(held);
        LoadedModel next = versions.acquireDefault(model).orElseThrow();
        assertSame(v2, next);
        held.release();
        assertTrue(v1.isClosed());
        assertEquals(List.of(v2.id()), versions.versions());
        next.release();
        assertFalse(v2.isClosed(), "the default stays in memory");
    }

    @Test
    void theLimitEvictsOnlyIdleVersionsAlreadyHandedOverAndNeverADefault() throws Exception {
        LoadedVersions versions = new LoadedVersions(2, deleted::contains);
        LoadedModel v1 = load(1);
        versions.add(v1);
        versions.swapIn(v1);
        LoadedModel v2 = load(2);
        versions.add(v2);
        LoadedModel held = versions.acquire(v2.id()).orElseThrow();
        LoadedModel v3 = load(3);
        versions.add(v3);
        assertEquals(3, versions.versions().size(), "over the limit: the default, one in use, one not yet handed over");
        assertServesItsRequest(held);
        assertTrue(versions.acquire(v3.id()).map(m -> {
            m.release();
            return true;
        }).orElse(false), "a version just loaded is still there for whoever asked for it");

        held.release();
        LoadedModel v4 = load(4);
        versions.add(v4);
        assertTrue(v2.isClosed(), "the least recently used idle version went first");
        assertTrue(v3.isClosed(), "then the next one, back to the limit");
        assertEquals(List.of(v1.id(), v4.id()), versions.versions());
        assertFalse(v1.isClosed(), "the default is never evicted");
    }

    @Test
    void aVersionDeletedWhileItLoadedIsNotKept() throws Exception {
        LoadedVersions versions = new LoadedVersions(2, deleted::contains);
        LoadedModel v1 = load(1);
        deleted.add(v1.id());
        assertFalse(versions.add(v1));
        assertTrue(v1.isClosed(), "nobody held it: closed at once");
        assertEquals(List.of(), versions.versions());
    }
}
