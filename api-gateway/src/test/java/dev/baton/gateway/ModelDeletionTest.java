package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asAdmin;
import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.support.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE} of a model version and of a model against the real broker and S3Proxy: the
 * deletion events, the newest remaining version published again, the objects gone, 404 and 409.
 */
@QuarkusTest
class ModelDeletionTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROBLEM = "application/problem+json";
    private static final MessageCodec CODEC = MessageCodec.instance();

    @Inject
    ObjectStore store;

    private void publishVersion(String model, int version) throws IOException {
        Path folder = Files.createTempDirectory("bundle");
        Files.writeString(folder.resolve("model.params"), "weights-v" + version);
        Files.writeString(folder.resolve("synset.txt"), "daisy\nrose\n");
        new AtomicPublisher(store).publishFolder(ObjectKeys.MODELS_BUCKET,
                ObjectKeys.modelVersionPrefix(model, version), folder,
                Map.of("jobId", "job-" + version, "metric.val_accuracy", Double.toString(0.5 + version / 10.0)));
    }

    private int objects(String prefix) {
        return store.list(ObjectKeys.MODELS_BUCKET, prefix).size();
    }

    @Test
    void deletingTheNewestVersionAnnouncesItRemovesItsObjectsAndPublishesTheNewestRemaining() throws Exception {
        String model = "del-" + RUN + "-newest";
        for (int v = 1; v <= 3; v++) {
            publishVersion(model, v);
        }
        assertEquals(3, objects(ObjectKeys.modelVersionPrefix(model, 3)));
        try (TopicProbe deletions = TopicProbe.from(Topics.MODEL_DELETIONS);
                TopicProbe published = TopicProbe.from(Topics.MODELS_PUBLISHED)) {
            asAdmin().delete("/api/v1/models/" + model + "/versions/3").then().statusCode(204);

            ModelVersionDeleted deleted = CODEC.decode(deletions.await(model + "/3", 1).get(0),
                    ModelVersionDeleted.class);
            assertEquals(model, deleted.modelName());
            assertEquals(3, deleted.version());
            assertEquals("admin", deleted.deletedBy());
            ModelPublished latest = CODEC.decode(published.await(model, 1).get(0), ModelPublished.class);
            assertEquals(2, latest.version());
            assertEquals(ObjectKeys.modelVersion(model, 2), latest.bundle());
            assertEquals("job-2", latest.jobId());
            assertEquals(0.7, latest.metrics().get("val_accuracy"), 1e-9);
        }
        assertEquals(0, objects(ObjectKeys.modelVersionPrefix(model, 3)));
        assertEquals(3, objects(ObjectKeys.modelVersionPrefix(model, 2)));
        asViewer().get("/api/v1/models/" + model + "/versions/3").then().statusCode(404).contentType(PROBLEM);
        asViewer().get("/api/v1/models/" + model + "/versions").then().statusCode(200).body("version", contains(1, 2));
        asAdmin().delete("/api/v1/models/" + model + "/versions/3").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void deletingAnOlderVersionPublishesNoOtherVersion() throws Exception {
        String model = "del-" + RUN + "-older";
        publishVersion(model, 1);
        publishVersion(model, 2);
        try (TopicProbe deletions = TopicProbe.from(Topics.MODEL_DELETIONS);
                TopicProbe published = TopicProbe.from(Topics.MODELS_PUBLISHED)) {
            asAdmin().delete("/api/v1/models/" + model + "/versions/1").then().statusCode(204);
            deletions.await(model + "/1", 1);
            assertTrue(published.collect(model, Duration.ofSeconds(2)).isEmpty(),
                    "the newest version did not change, so nothing is published again");
        }
        assertEquals(0, objects(ObjectKeys.modelVersionPrefix(model, 1)));
        asViewer().get("/api/v1/models/" + model + "/versions").then().statusCode(200).body("version", contains(2));
    }

    @Test
    void aVersionAnAliasPointsAtIsKeptUntilTheAliasMoves() throws Exception {
        String model = "del-" + RUN + "-alias";
        publishVersion(model, 1);
        publishVersion(model, 2);
        asSubmitter().contentType(ContentType.JSON).body("{\"version\": 1}")
                .put("/api/v1/models/" + model + "/aliases/production").then().statusCode(200);
        try (TopicProbe deletions = TopicProbe.from(Topics.MODEL_DELETIONS)) {
            asAdmin().delete("/api/v1/models/" + model + "/versions/1").then().statusCode(409)
                    .contentType(PROBLEM).body("detail", containsString("'production'"));
            asAdmin().delete("/api/v1/models/" + model).then().statusCode(409)
                    .contentType(PROBLEM).body("detail", containsString("'production'"));
            assertTrue(deletions.collect(model + "/1", Duration.ofSeconds(1)).isEmpty());
        }
        assertEquals(3, objects(ObjectKeys.modelVersionPrefix(model, 1)));

        asSubmitter().contentType(ContentType.JSON).body("{\"version\": 2}")
                .put("/api/v1/models/" + model + "/aliases/production").then().statusCode(200);
        asAdmin().delete("/api/v1/models/" + model + "/versions/1").then().statusCode(204);
        assertEquals(0, objects(ObjectKeys.modelVersionPrefix(model, 1)));
    }

    @Test
    void deletingAModelDeletesEveryVersion() throws Exception {
        String model = "del-" + RUN + "-model";
        publishVersion(model, 1);
        publishVersion(model, 2);
        asViewer().delete("/api/v1/models/" + model).then().statusCode(403).contentType(PROBLEM);
        asViewer().delete("/api/v1/models/" + model + "/versions/1").then().statusCode(403).contentType(PROBLEM);
        asSubmitter().delete("/api/v1/models/" + model).then().statusCode(403).contentType(PROBLEM);
        asSubmitter().delete("/api/v1/models/" + model + "/versions/1").then().statusCode(403).contentType(PROBLEM);
        // One probe per key: a probe drops the records of other keys that it reads while waiting.
        try (TopicProbe deletionsOfV1 = TopicProbe.from(Topics.MODEL_DELETIONS);
                TopicProbe deletionsOfV2 = TopicProbe.from(Topics.MODEL_DELETIONS);
                TopicProbe published = TopicProbe.from(Topics.MODELS_PUBLISHED)) {
            asAdmin().delete("/api/v1/models/" + model).then().statusCode(204);
            List<byte[]> first = deletionsOfV1.await(model + "/1", 1);
            List<byte[]> second = deletionsOfV2.await(model + "/2", 1);
            assertEquals(1, CODEC.decode(first.get(0), ModelVersionDeleted.class).version());
            assertEquals(2, CODEC.decode(second.get(0), ModelVersionDeleted.class).version());
            assertNull(published.await(model, 1).get(0), "a tombstone: no version of the model remains");
        }
        assertEquals(0, objects(ObjectKeys.modelPrefix(model)));
        asViewer().get("/api/v1/models/" + model + "/versions").then().statusCode(404).contentType(PROBLEM);
        assertFalse(asViewer().get("/api/v1/models").then().extract().jsonPath().getList("name").contains(model));
        asAdmin().delete("/api/v1/models/" + model).then().statusCode(404).contentType(PROBLEM);
        asAdmin().delete("/api/v1/models/del-" + RUN + "-never/versions/1").then().statusCode(404)
                .contentType(PROBLEM);
    }
}
