package dev.baton.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult.InferenceError.Code;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.transfer.testing.HostileImages;
import dev.baton.transfer.testing.MemoryPeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets an error result with the request's correlation id, and the worker keeps serving. Pixel
 * bombs (issue 15: a 389 kB PNG of 20000x20000 once killed the preprocessing thread) are refused from
 * their headers: while they are answered the worker's retained heap grows by at most
 * {@link #MAX_HEAP_GROWTH} (32 MiB) and its memory outside the heap by at most {@link #MAX_NATIVE_GROWTH}
 * (64 MiB), where decoding the 7000x7000 one alone would take 49 MB as grey bytes and 196 MB as RGB
 * ({@link MemoryPeaks}).
 */
@QuarkusTest
@TestProfile(IsolatedTopicsProfile.class)
class RequestErrorsTest {
    /** The most retained heap answering the pixel bombs may add at its peak. */
    static final long MAX_HEAP_GROWTH = 32L << 20;
    /** The most memory outside the heap answering the pixel bombs may add at its peak. */
    static final long MAX_NATIVE_GROWTH = 64L << 20;

    @Inject
    InferenceWorker worker;

    private static final String TOPIC = IsolatedTopicsProfile.REQUESTS;

    private InferenceRequest request(String id, String model, byte[] image, ObjectRef ref, Integer version) {
        return new InferenceRequest(BatonMessage.CURRENT_SCHEMA_VERSION, id, model, version, null, image, ref, 2,
                Instant.now());
    }

    @Test
    void badRequestsGetErrorResultsAndGoodOnesStillSucceed() throws Exception {
        String model = IsolatedTopicsProfile.RUN + "-errors";
        ObjectStore store = TestBundles.store();
        TestKafka.waitFor(worker::isReady, Duration.ofSeconds(120), () -> "worker ready");
        try (TestKafka kafka = new TestKafka(IsolatedTopicsProfile.RESULTS)) {
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, TestBundles.publish(store, model, 1,
                    TestBundles.write(Files.createTempDirectory("errors").resolve("v1"), 11)));
            TestKafka.waitFor(() -> worker.registry().serving(model).isPresent(), Duration.ofSeconds(120), () -> "v1");
            String run = IsolatedTopicsProfile.RUN;

            kafka.send(TOPIC, "bad-json", "{not json".getBytes(StandardCharsets.UTF_8));
            kafka.send(TOPIC, "bad-field", ("{\"schemaVersion\":1,\"correlationId\":\"bad-field\",\"model\":\"" + model
                    + "\",\"topK\":0,\"requestedAt\":\"2026-01-01T00:00:00Z\",\"image\":\"AAAA\"}").getBytes(StandardCharsets.UTF_8));
            kafka.send(TOPIC, "undecodable", request("undecodable", model, "not an image".getBytes(), null, null));
            kafka.send(TOPIC, "unknown-model", request("unknown-model", run + "-nobody", TestBundles.image(1, "png"), null, null));
            kafka.send(TOPIC, "unknown-version", request("unknown-version", model, TestBundles.image(1, "png"), null, 42));
            kafka.send(TOPIC, "too-large", request("too-large", model,
                    new byte[IsolatedTopicsProfile.MAX_IMAGE_BYTES + 1], null, null));
            String bigKey = "predictions/" + run + "/big.png";
            store.put(ObjectKeys.DATA_BUCKET, bigKey, new byte[IsolatedTopicsProfile.MAX_IMAGE_BYTES + 1], "image/png");
            kafka.send(TOPIC, "too-large-ref", request("too-large-ref", model, null,
                    new ObjectRef(ObjectKeys.DATA_BUCKET, bigKey), null));
            kafka.send(TOPIC, "missing-ref", request("missing-ref", model, null,
                    new ObjectRef(ObjectKeys.DATA_BUCKET, "predictions/" + run + "/none.png"), null));
            // Pixel bombs, alone so that their memory is measured: nothing decoded, nothing kept.
            String greyKey = "predictions/" + run + "/grey.png";
            // 7000x7000 grey: 47 kB, under this profile's 64 kB byte limit, 49 megapixels over the pixel limit.
            store.put(ObjectKeys.DATA_BUCKET, greyKey, HostileImages.greyPng(7000), "image/png");
            byte[] jpegBomb = HostileImages.jpegDeclaring(30000, 30000);
            MemoryPeaks memory = MemoryPeaks.start();
            kafka.send(TOPIC, "pixel-bomb", request("pixel-bomb", model, jpegBomb, null, null));
            kafka.send(TOPIC, "pixel-bomb-ref", request("pixel-bomb-ref", model, null,
                    new ObjectRef(ObjectKeys.DATA_BUCKET, greyKey), null));
            kafka.await("pixel-bomb");
            kafka.await("pixel-bomb-ref");
            memory.assertWithin("pixel bombs at the worker (30000x30000 JPEG, 7000x7000 PNG)", MAX_HEAP_GROWTH,
                    MAX_NATIVE_GROWTH);
            String goodKey = "predictions/" + run + "/good.jpg";
            store.put(ObjectKeys.DATA_BUCKET, goodKey, TestBundles.image(3, "jpg"), "image/jpeg");
            kafka.send(TOPIC, "good-ref", request("good-ref", model, null, new ObjectRef(ObjectKeys.DATA_BUCKET, goodKey), null));
            kafka.send(TOPIC, "good-inline", request("good-inline", model, TestBundles.image(4, "png"), null, 1));

            assertError(kafka.await("bad-json"), Code.INVALID_REQUEST);
            assertError(kafka.await("bad-field"), Code.INVALID_REQUEST);
            assertTrue(kafka.await("bad-field").error().message().contains("topK"), "names the field");
            assertError(kafka.await("undecodable"), Code.UNDECODABLE_IMAGE);
            assertError(kafka.await("unknown-model"), Code.UNKNOWN_MODEL);
            assertError(kafka.await("unknown-version"), Code.UNKNOWN_MODEL);
            assertError(kafka.await("too-large"), Code.PAYLOAD_TOO_LARGE);
            assertError(kafka.await("too-large-ref"), Code.PAYLOAD_TOO_LARGE);
            assertError(kafka.await("missing-ref"), Code.INVALID_REQUEST);
            assertError(kafka.await("pixel-bomb"), Code.PAYLOAD_TOO_LARGE);
            assertTrue(kafka.await("pixel-bomb").error().message().contains("limit of 25000000"), "names the limit");
            assertError(kafka.await("pixel-bomb-ref"), Code.PAYLOAD_TOO_LARGE);
            assertTrue(kafka.await("pixel-bomb-ref").error().message().contains("7000x7000"), "names the size");
            for (String good : new String[] {"good-ref", "good-inline"}) {
                InferenceResult r = kafka.await(good);
                assertNull(r.error(), () -> good + ": " + r.error());
                assertEquals(1, r.version());
                assertEquals(2, r.predictions().size());
                assertEquals("probability", r.scoreType());
                assertTrue(r.predictions().get(0).score() >= r.predictions().get(1).score());
                assertTrue(TestBundles.CLASSES.contains(r.predictions().get(0).label()));
                assertTrue(r.computeMillis() > 0 && r.queueMillis() >= 0);
            }
            assertTrue(worker.metrics().requests("UNKNOWN_MODEL") >= 2);
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("baton_inference_requests_total{outcome=\"ok\"}"))
                    .body(containsString("baton_inference_requests_total{outcome=\"PAYLOAD_TOO_LARGE\"}"))
                    .body(containsString("baton_inference_queue_seconds_bucket"))
                    .body(containsString("baton_inference_compute_seconds_bucket"))
                    .body(containsString("baton_inference_batch_size_bucket"))
                    .body(containsString("baton_inference_models_loaded"))
                    .body(containsString("baton_inference_swaps_total"))
                    .body(containsString("baton_inference_swap_duration_seconds"))
                    .body(containsString("baton_inference_load_failures_total"));
        }
    }

    private static void assertError(InferenceResult result, Code code) {
        assertTrue(result.error() != null, () -> result.correlationId() + " should have failed with " + code);
        assertEquals(code, result.error().code(), () -> result.correlationId() + ": " + result.error().message());
        assertTrue(result.predictions().isEmpty());
    }
}
