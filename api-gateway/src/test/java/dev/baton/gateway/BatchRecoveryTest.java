package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asViewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.InferenceResult.Prediction;
import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.support.Eventually;
import dev.baton.gateway.support.InferenceWorkerPlayer;
import dev.baton.gateway.support.TestDatasets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A batch outlives the gateway that ran it: its lease, image list and finished chunks are in the object store,
 * and a gateway takes over a batch whose owner has stopped renewing its lease, from its first unfinished chunk
 * (test profile: heartbeat 1 s, stale after 3 s). The batches here are written as a gone gateway left them.
 */
@QuarkusTest
class BatchRecoveryTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private final ObjectMapper mapper = MessageCodec.instance().mapper();

    @Inject
    ObjectStore store;

    @Test
    void aBatchLeftByAStoppedGatewayIsFinishedFromItsFirstUnfinishedChunk() throws Exception {
        String model = "gw-recover-" + RUN;
        String dataset = "gw-recover-" + RUN;
        TestDatasets.publish(store, dataset);
        List<String> images = imagesOf(dataset);
        Set<String> asked = ConcurrentHashMap.newKeySet();
        try (var worker = new InferenceWorkerPlayer(model, request -> {
            asked.add(request.imageRef().key());
            return labelFromFolder(request.correlationId(), model, request.imageRef().key());
        })) {
            String batchId = "batch-" + RUN + "-left";
            // chunks of 2: chunk 0 was finished (one answer, one error) by the gateway that stopped
            leave(batchId, model, dataset, images, "gone-gateway:1", Instant.now(), 1);
            String part0 = line(images.get(0), Map.of("predictions", List.of(Map.of("label", "cat", "score", 1.0))))
                    + line(images.get(1), Map.of("error", Map.of("code", "TIMEOUT", "message", "no answer")));
            store.put(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionPart(batchId, 0),
                    part0.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");

            // its lease is fresh: another gateway is running it, so this one leaves it alone
            Thread.sleep(1_500);
            asViewer().get("/api/v1/batch-predictions/" + batchId).then().statusCode(200).body("state", is("RUNNING"))
                    .body("answered", is(0));
            assertTrue(asked.isEmpty(), "a batch with a live owner was taken: " + asked);

            // the owner stopped renewing it: taken over once stale, chunk 0 kept as it was
            Eventually.until("the batch completes", () -> "COMPLETED".equals(
                    asViewer().get("/api/v1/batch-predictions/" + batchId).then().extract().path("state")));
            assertEquals(Set.copyOf(images.subList(2, 4)), asked, "only the unfinished chunk is asked again");
            asViewer().get("/api/v1/batch-predictions/" + batchId).then().body("answered", is(3)).body("failed", is(1))
                    .body("images", is(4));
            List<String> lines = asViewer().get("/api/v1/batch-predictions/" + batchId + "/results").then()
                    .statusCode(200).extract().asString().lines().toList();
            assertEquals(images, lines.stream().map(l -> JsonPath.from(l).getString("image")).toList(),
                    "one line per image, in the batch's order");
            assertEquals("TIMEOUT", JsonPath.from(lines.get(1)).getString("error.code"));
            for (String line : lines.subList(2, 4)) {
                assertTrue(JsonPath.from(line).getString("image").contains(
                        "/" + JsonPath.from(line).getString("predictions[0].label") + "/"), line);
            }
            Eventually.until("the batch's work objects are removed", () -> store.list(ObjectKeys.WORK_BUCKET,
                    ObjectKeys.batchPredictionWorkPrefix(batchId)).isEmpty());
        }
    }

    @Test
    void aBatchStartedTooOftenIsFailedWithTheReason() throws Exception {
        String dataset = "gw-recover-" + RUN + "-tired";
        TestDatasets.publish(store, dataset);
        String batchId = "batch-" + RUN + "-tired";
        leave(batchId, "gw-recover-" + RUN + "-tired", dataset, imagesOf(dataset), "gone-gateway:2", Instant.EPOCH,
                10);
        Eventually.until("the batch is given up", () -> "FAILED".equals(
                asViewer().get("/api/v1/batch-predictions/" + batchId).then().extract().path("state")));
        asViewer().get("/api/v1/batch-predictions/" + batchId).then().body("error", containsString("10 times"));
        asViewer().get("/api/v1/batch-predictions/" + batchId + "/results").then().statusCode(409)
                .body("detail", containsString("FAILED"));
        Eventually.until("its work objects are removed", () -> store.list(ObjectKeys.WORK_BUCKET,
                ObjectKeys.batchPredictionWorkPrefix(batchId)).isEmpty());
        assertFalse(store.stat(ObjectKeys.DATA_BUCKET, ObjectKeys.batchPredictionResults(batchId)).isPresent());
    }

    /** Writes a running batch as a gateway leaves it: image list, lease (chunks of 2) and status. */
    private void leave(String batchId, String model, String dataset, List<String> images, String owner,
            Instant heartbeat, int attempts) throws Exception {
        Instant submitted = Instant.now().minusSeconds(60);
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("batchId", batchId);
        lease.put("submission", Map.of("model", model, "dataset", dataset, "topK", 1));
        lease.put("owner", owner);
        lease.put("heartbeatAt", heartbeat);
        lease.put("chunkSize", 2);
        lease.put("attempts", attempts);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("batchId", batchId);
        status.put("state", "RUNNING");
        status.put("model", model);
        status.put("dataset", dataset);
        status.put("images", images.size());
        status.put("answered", 0);
        status.put("failed", 0);
        status.put("submittedAt", submitted);
        status.put("updatedAt", submitted);
        store.put(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionImages(batchId), mapper.writeValueAsBytes(images),
                "application/json");
        store.put(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionLease(batchId), mapper.writeValueAsBytes(lease),
                "application/json");
        store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.batchPredictionStatus(batchId), mapper.writeValueAsBytes(status),
                "application/json");
    }

    private List<String> imagesOf(String dataset) {
        return store.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImagesPrefix(dataset)).stream()
                .map(ObjectInfo::key).toList();
    }

    private String line(String image, Map<String, Object> fields) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("image", image);
        line.put("version", 4);
        line.putAll(fields);
        return mapper.writeValueAsString(line) + "\n";
    }

    private static InferenceResult labelFromFolder(String correlationId, String model, String key) {
        return new InferenceResult(BatonMessage.CURRENT_SCHEMA_VERSION, correlationId, model, 4,
                List.of(new Prediction(key.split("/")[3], 1.0)), "probability", 0, 0, null, Instant.now());
    }
}
