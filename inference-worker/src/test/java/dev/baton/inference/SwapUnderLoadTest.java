package dev.baton.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.model.ModelLoadFailed;
import dev.baton.inference.model.ModelVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Evidence for hot swapping: under continuous request load three new versions are published,
 * then a broken one. Zero failed or lost requests, every result names the version that produced
 * it, results move to each new version, the broken one never serves, old versions are closed.
 */
@QuarkusTest
@TestProfile(IsolatedTopicsProfile.class)
class SwapUnderLoadTest {

    private static final Logger LOG = Logger.getLogger(SwapUnderLoadTest.class);

    @Inject
    InferenceWorker worker;

    @Inject
    FailureEvents failureEvents;

    /** Collects the CDI events the worker fires for failed loads. */
    @Singleton
    static class FailureEvents {
        final List<ModelLoadFailed> seen = new CopyOnWriteArrayList<>();

        void on(@Observes ModelLoadFailed event) {
            seen.add(event);
        }
    }

    @Test
    void threeSwapsUnderLoadWithoutAFailedRequestAndABrokenBundleNeverServes() throws Exception {
        String model = IsolatedTopicsProfile.RUN + "-swap";
        ObjectStore store = TestBundles.store();
        Path dir = Files.createTempDirectory("swap-bundles");
        TestKafka.waitFor(worker::isReady, Duration.ofSeconds(120), () -> "worker ready");
        try (TestKafka kafka = new TestKafka(IsolatedTopicsProfile.RESULTS)) {
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model,
                    TestBundles.publish(store, model, 1, TestBundles.write(dir.resolve("v1"), 1)));
            awaitServing(model, 1);

            byte[] image = TestBundles.image(7, "png");
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger sequence = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (loading.get()) {
                    String id = "load-" + sequence.getAndIncrement();
                    sentAt.put(id, System.nanoTime());
                    kafka.send(IsolatedTopicsProfile.REQUESTS, id, new InferenceRequest(BatonMessage.CURRENT_SCHEMA_VERSION,
                            id, model, null, null, image, null, 3, Instant.now()));
                    sleep(20);
                }
            }, "test-load");
            load.start();

            // publish three new versions under load; note when each starts serving and when results show it
            Map<Integer, Long> servingSince = new ConcurrentHashMap<>();
            List<String> switchTimes = new ArrayList<>();
            for (int v = 2; v <= 4; v++) {
                sleep(1500);
                Path bundle = TestBundles.write(dir.resolve("v" + v), v);
                long published = System.nanoTime();
                kafka.send(IsolatedTopicsProfile.PUBLISHED, model, TestBundles.publish(store, model, v, bundle));
                awaitServing(model, v);
                servingSince.put(v, System.nanoTime());
                int version = v;
                TestKafka.waitFor(() -> kafka.results().values().stream().anyMatch(r -> version == orZero(r.get(0).version())),
                        Duration.ofSeconds(120), () -> "a result from v" + version);
                double swapSeconds = (servingSince.get(v) - published) / 1e9;
                switchTimes.add(String.format("v%d: serving %.2f s after publication", v, swapSeconds));
            }

            // a broken bundle: the load fails, is reported, and v4 keeps serving
            sleep(500);
            int failuresBefore = failureEvents.seen.size();
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model,
                    TestBundles.publish(store, model, 5, TestBundles.writeBroken(dir.resolve("broken"))));
            long brokenPublished = System.nanoTime();
            TestKafka.waitFor(() -> failureEvents.seen.size() > failuresBefore, Duration.ofSeconds(120),
                    () -> "the broken bundle's failure event");
            sleep(1500);
            loading.set(false);
            load.join();

            int sent = sequence.get();
            TestKafka.waitFor(() -> sentAt.keySet().stream().allMatch(kafka.results()::containsKey),
                    Duration.ofSeconds(180), () -> (sent - kafka.results().size()) + " of " + sent + " results missing");

            int[] perVersion = new int[6];
            for (Map.Entry<String, Long> request : sentAt.entrySet()) {
                List<InferenceResult> answers = kafka.results().get(request.getKey());
                InferenceResult r = answers.get(0);
                assertNull(r.error(), () -> request.getKey() + " failed: " + r.error());
                assertEquals(model, r.model());
                assertNotNull(r.version(), "every result names its version");
                assertEquals(3, r.predictions().size());
                perVersion[r.version()]++;
                for (int v = 2; v <= 4; v++) {
                    if (request.getValue() > servingSince.get(v) + 1_000_000_000L) {
                        int atLeast = v;
                        assertTrue(r.version() >= atLeast, () -> request.getKey() + " sent after v" + atLeast
                                + " served was answered by v" + r.version());
                    }
                }
                if (request.getValue() > brokenPublished) {
                    assertEquals(4, r.version(), "the broken v5 never serves");
                }
            }
            assertEquals(0, perVersion[5]);
            for (int v = 1; v <= 4; v++) {
                assertTrue(perVersion[v] > 0, "v" + v + " answered some requests");
            }
            assertEquals(new ModelVersion(model, 5), failureEvents.seen.get(failuresBefore).version());
            assertTrue(worker.registry().failures().containsKey(new ModelVersion(model, 5)));
            assertEquals(4, worker.registry().serving(model).orElseThrow().id().version());
            // v1..v3 were closed after their last request
            TestKafka.waitFor(() -> !worker.registry().loadedVersions().contains(new ModelVersion(model, 3))
                    && worker.metrics().closedCount() >= 3, Duration.ofSeconds(30), () -> "old versions closed");
            LOG.infof("swap under load: %d requests, 0 failed, 0 lost; per version %s; %s; batches: count %d, mean %.2f, max %.0f",
                    sent, java.util.Arrays.toString(perVersion), switchTimes, worker.metrics().batchSizes().count(),
                    worker.metrics().batchSizes().mean(), worker.metrics().batchSizes().max());
        }
    }

    private void awaitServing(String model, int version) {
        TestKafka.waitFor(() -> worker.registry().serving(model).map(m -> m.id().version() == version).orElse(false),
                Duration.ofSeconds(120), () -> model + " v" + version + " serving");
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
