package dev.baton.inference.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.inference.TestBundles;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.LoadedModel;
import dev.baton.inference.model.ModelVersion;
import dev.baton.transfer.bundle.ClassScore;
import dev.baton.transfer.bundle.ModelBundle;
import dev.baton.transfer.data.ImageDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic batching on a real model: batches are bounded, results match unbatched ones, references are released. */
@Tag("engine")
class DynamicBatcherTest {

    @TempDir
    static Path dir;
    static LoadedModel model;
    static List<float[]> inputs = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        model = new LoadedModel(new ModelVersion("batcher", 1), ModelBundle.load(TestBundles.write(dir.resolve("b"), 5)),
                () -> { });
        for (int i = 0; i < 20; i++) {
            inputs.add(model.preprocess(new ImageDecoder().decode(TestBundles.image(i, "png"), "i" + i)));
        }
    }

    @AfterAll
    static void close() {
        model.retire();
    }

    private static PendingInference pending(float[] input, int topK, CompletableFuture<List<ClassScore>> out) {
        assertTrue(model.tryAcquire());
        return new PendingInference(model, input, topK, System.nanoTime(), new PendingInference.Callback() {
            @Override
            public void predicted(LoadedModel version, List<ClassScore> top, long queueNanos, long computeNanos) {
                out.complete(top);
            }

            @Override
            public void failed(LoadedModel version, Exception error) {
                out.completeExceptionally(error);
            }
        });
    }

    @Test
    void batchesAreBoundedAndGiveTheSameAnswersAsSinglePredictions() throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        List<CompletableFuture<List<ClassScore>>> results = new ArrayList<>();
        try (DynamicBatcher batcher = new DynamicBatcher(8, Duration.ofMillis(200), 1, metrics)) {
            for (float[] input : inputs) {
                CompletableFuture<List<ClassScore>> f = new CompletableFuture<>();
                results.add(f);
                batcher.submit(pending(input, 2, f));
            }
            for (int i = 0; i < inputs.size(); i++) {
                List<ClassScore> batched = results.get(i).get(60, TimeUnit.SECONDS);
                List<ClassScore> single = model.predict(List.of(inputs.get(i)), 2).get(0).top();
                assertEquals(2, batched.size());
                assertEquals(single.get(0).label(), batched.get(0).label());
                assertEquals(single.get(0).score(), batched.get(0).score(), 1e-4);
            }
        }
        assertEquals(20, (long) metrics.batchSizes().totalAmount());
        assertTrue(metrics.batchSizes().max() <= 8, "no batch above the maximum");
        assertTrue(metrics.batchSizes().count() >= 3, "20 requests need at least 3 batches of 8");
        assertEquals(1, model.references(), "every request's reference was released");
    }

    @Test
    void twoLanesServeARequestWhileTheOtherLaneIsBusy() throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        try (DynamicBatcher batcher = new DynamicBatcher(8, Duration.ofMillis(1), 2, metrics)) {
            // the first request's result callback holds its lane until the second request is answered
            CompletableFuture<List<ClassScore>> first = new CompletableFuture<>();
            assertTrue(model.tryAcquire());
            batcher.submit(new PendingInference(model, inputs.get(0), 1, System.nanoTime(), new PendingInference.Callback() {
                @Override
                public void predicted(LoadedModel version, List<ClassScore> top, long queueNanos, long computeNanos) {
                    held.countDown();
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    first.complete(top);
                }

                @Override
                public void failed(LoadedModel version, Exception error) {
                    first.completeExceptionally(error);
                }
            }));
            assertTrue(held.await(60, TimeUnit.SECONDS), "the first lane runs the first request");
            // one lane would answer it only after the first lane is released
            CompletableFuture<List<ClassScore>> second = new CompletableFuture<>();
            batcher.submit(pending(inputs.get(1), 1, second));
            assertEquals(1, second.get(60, TimeUnit.SECONDS).size(), "answered while the other lane is busy");
            assertTrue(!first.isDone(), "the first lane is still held");
            release.countDown();
            assertEquals(1, first.get(60, TimeUnit.SECONDS).size());
        }
        assertEquals(1, model.references(), "every request's reference was released");
    }

    @Test
    void aLoneRequestRunsAfterTheMaxDelayAndAClosedBatcherRefusesWork() throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        DynamicBatcher batcher = new DynamicBatcher(32, Duration.ofMillis(5), 1, metrics);
        CompletableFuture<List<ClassScore>> f = new CompletableFuture<>();
        batcher.submit(pending(inputs.get(0), 3, f));
        assertEquals(3, f.get(60, TimeUnit.SECONDS).size());
        assertEquals(1, metrics.batchSizes().count());
        batcher.close();
        CompletableFuture<List<ClassScore>> refused = new CompletableFuture<>();
        PendingInference late = pending(inputs.get(1), 1, refused);
        assertThrows(BatcherClosedException.class, () -> batcher.submit(late));
        model.release();
        assertEquals(1, model.references());
    }

    @Test
    void aPartialBatchRunsAtOnceWhenNothingElseIsComingAndWaitsForAnnouncedArrivals() throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        // a max delay of ten minutes: any result within the test's bound was dispatched because idle
        try (DynamicBatcher batcher = new DynamicBatcher(32, Duration.ofMinutes(10), 1, metrics)) {
            CompletableFuture<List<ClassScore>> alone = new CompletableFuture<>();
            batcher.submit(pending(inputs.get(0), 1, alone));
            assertEquals(1, alone.get(60, TimeUnit.SECONDS).size(), "a lone request does not wait the max delay");
            assertEquals(1, metrics.batchSizes().count());

            // a request on its way (being decoded): the queued one waits for it and both share a batch
            DynamicBatcher.Arrival first = batcher.expect();
            DynamicBatcher.Arrival second = batcher.expect();
            CompletableFuture<List<ClassScore>> a = new CompletableFuture<>();
            CompletableFuture<List<ClassScore>> b = new CompletableFuture<>();
            first.submit(pending(inputs.get(1), 1, a));
            assertEquals(1, batcher.arriving());
            second.submit(pending(inputs.get(2), 1, b));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
            assertEquals(2, metrics.batchSizes().count(), "the two made one batch");
            assertEquals(2.0, metrics.batchSizes().max());

            // a cancelled arrival (its request failed before batching) no longer holds anything back
            DynamicBatcher.Arrival failed = batcher.expect();
            DynamicBatcher.Arrival next = batcher.expect();
            failed.cancel();
            failed.cancel();
            CompletableFuture<List<ClassScore>> c = new CompletableFuture<>();
            next.submit(pending(inputs.get(3), 1, c));
            assertEquals(1, c.get(60, TimeUnit.SECONDS).size());
            assertEquals(0, batcher.arriving());
        }
        assertEquals(1, model.references(), "every request's reference was released");
    }
}
