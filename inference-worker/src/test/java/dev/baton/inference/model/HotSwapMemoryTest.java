package dev.baton.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.TestBundles;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.device.DevicePreference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 hot swaps in a row (each a real fetch from the object store, load, warm-up, swap, a
 * prediction, and the close of the previous version): heap and resident memory stay bounded.
 * The bound is half of what keeping every swapped-out version would cost, so a leak of the
 * model's native memory fails it.
 */
@Tag("engine")
class HotSwapMemoryTest {

    private static final Logger LOG = Logger.getLogger(HotSwapMemoryTest.class);
    private static final int WARMUP_SWAPS = 10;
    private static final int SWAPS = 100;

    @Test
    void hundredSwapsKeepHeapAndNativeMemoryBounded(@TempDir Path dir) throws Exception {
        ObjectStore store = TestBundles.store();
        AtomicPublisher publisher = new AtomicPublisher(store);
        String model = "mem-" + UUID.randomUUID().toString().substring(0, 8);
        Path bundle = TestBundles.write(dir.resolve("bundle"), 21, 1.0);
        long modelBytes = Files.size(bundle.resolve("parameters.params"));
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        ModelCatalog catalog = new ModelCatalog();
        float[] input;
        long heapBefore = 0;
        long rssBefore = 0;
        try (ModelRegistry registry = new ModelRegistry(catalog,
                        new ModelLoader(store, DevicePreference.CPU, 1, 1, dir.resolve("work")), 2, metrics, e -> { });
                ModelHotSwapper swapper = new ModelHotSwapper(registry, catalog, m -> new ServingPolicy.Latest(),
                        Pattern.compile(".*"), metrics)) {
            for (int v = 1; v <= WARMUP_SWAPS + SWAPS; v++) {
                catalog.add(TestBundles.publish(store, model, v, bundle));
                swapper.reconcile(model).get();
                LoadedModel serving = registry.acquire(model, null, null, new ServingPolicy.Latest()).get();
                try {
                    assertEquals(v, serving.id().version(), "swapped to v" + v);
                    input = serving.preprocess(new ImageDecoder().decode(TestBundles.image(v, "png"), "x"));
                    assertEquals(1, serving.predict(List.of(input), 1).size());
                } finally {
                    serving.release();
                }
                if (v > 1) {
                    publisher.unpublish(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, v - 1));
                }
                if (v == WARMUP_SWAPS) {
                    heapBefore = heapAfterGc();
                    rssBefore = rss();
                }
            }
            long heapAfter = heapAfterGc();
            long rssAfter = rss();
            long heapGrowth = heapAfter - heapBefore;
            long rssGrowth = rssAfter - rssBefore;
            long leakCost = SWAPS * modelBytes;
            LOG.infof("%d swaps of a %.1f MB model: heap %.1f -> %.1f MB, RSS %.1f -> %.1f MB (growth %.1f MB; "
                    + "keeping every version would cost %.0f MB)",
                    SWAPS, modelBytes / 1e6, heapBefore / 1e6, heapAfter / 1e6, rssBefore / 1e6, rssAfter / 1e6,
                    (rssAfter - rssBefore) / 1e6, leakCost / 1e6);
            assertEquals(WARMUP_SWAPS + SWAPS, metrics.swapCount());
            assertEquals(WARMUP_SWAPS + SWAPS - 1, metrics.closedCount(), "every swapped-out version was closed");
            assertEquals(1, metrics.loadedNow());
            assertEquals(List.of(new ModelVersion(model, WARMUP_SWAPS + SWAPS)), registry.loadedVersions());
            assertTrue(rssGrowth < leakCost / 2, () -> "resident memory grew by " + rssGrowth / 1e6 + " MB over "
                    + SWAPS + " swaps");
            assertTrue(heapGrowth < 32L << 20, () -> "heap grew by " + heapGrowth / 1e6 + " MB");
            publisher.unpublish(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, WARMUP_SWAPS + SWAPS));
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
