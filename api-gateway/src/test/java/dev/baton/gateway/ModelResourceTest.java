package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelLoadFailed;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.support.Eventually;
import dev.baton.gateway.support.TopicProbe;
import dev.baton.gateway.support.TrainerPlayer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Models and versions from bundles in the real S3Proxy; alias moves published to the real broker. */
@QuarkusTest
class ModelResourceTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    ObjectStore store;

    private void publishVersion(String model, int version, byte[] weights) throws IOException {
        Path folder = Files.createTempDirectory("bundle");
        Files.write(folder.resolve("model.params"), weights);
        Files.writeString(folder.resolve("synset.txt"), "daisy\nrose\n");
        new AtomicPublisher(store).publishFolder(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, version),
                folder, Map.of("jobId", "job-" + RUN, "base", "mobilenet_v2", "val_accuracy", "0.9"));
    }

    @Test
    void versionsBundlesAndAliases() throws Exception {
        String model = "gw-model-" + RUN + "-m";
        byte[] weights = "weights-v1".getBytes(StandardCharsets.UTF_8);
        publishVersion(model, 1, weights);
        publishVersion(model, 2, "weights-v2".getBytes(StandardCharsets.UTF_8));
        asViewer().get("/api/v1/models").then().statusCode(200).body("name", hasItem(model));
        asViewer().get("/api/v1/models/" + model + "/versions").then().statusCode(200)
                .body("size()", is(2)).body("[0].version", is(1)).body("[1].version", is(2))
                .body("[0].provenance.jobId", is("job-" + RUN)).body("[0].files", hasItem("model.params"));

        byte[] zip = asViewer().get("/api/v1/models/" + model + "/versions/1/bundle").then().statusCode(200)
                .contentType("application/zip").extract().asByteArray();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertArrayEquals(weights, entries.get("model.params"));
        assertEquals(2, entries.size());

        try (TopicProbe aliases = TopicProbe.from(Topics.MODEL_ALIASES)) {
            asSubmitter().contentType(ContentType.JSON).body("{\"version\": 1}")
                    .put("/api/v1/models/" + model + "/aliases/production").then().statusCode(200)
                    .body("aliases.production", is(1)).body("latestVersion", is(2));
            ModelAliasChanged change = MessageCodec.instance().decode(
                    aliases.await(model + "/production", 1).get(0), ModelAliasChanged.class);
            assertEquals(1, change.version());
            assertEquals("submitter", change.changedBy());
        }
        asViewer().get("/api/v1/models/" + model + "/versions/1").then().statusCode(200)
                .body("aliases", hasItem("production"));
    }

    @Test
    void registeredBaseModelsAreListed() throws IOException {
        String base = "gw-base-" + RUN;
        Path folder = Files.createTempDirectory("base");
        Files.write(folder.resolve("weights.safetensors"), new byte[] {1, 2, 3});
        new AtomicPublisher(store).publishFolder(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(base), folder,
                Map.of("architecture", "mobilenet_v2"));
        asViewer().get("/api/v1/base-models").then().statusCode(200)
                .body("find { it.name == '" + base + "' }.attributes.architecture", is("mobilenet_v2"))
                .body("find { it.name == '" + base + "' }.files", hasItem("weights.safetensors"));
        io.restassured.RestAssured.given().get("/api/v1/base-models").then().statusCode(401);
    }

    @Test
    void errors() throws Exception {
        String model = "gw-model-" + RUN + "-e";
        publishVersion(model, 1, new byte[] {1, 2, 3});
        asViewer().get("/api/v1/models/gw-model-" + RUN + "-none/versions").then().statusCode(404).contentType(PROBLEM);
        asViewer().get("/api/v1/models/" + model + "/versions/7").then().statusCode(404).contentType(PROBLEM);
        asViewer().get("/api/v1/models/" + model + "/versions/7/bundle").then().statusCode(404).contentType(PROBLEM);
        asSubmitter().contentType(ContentType.JSON).body("{\"version\": 7}")
                .put("/api/v1/models/" + model + "/aliases/production").then().statusCode(404).contentType(PROBLEM);
        asSubmitter().contentType(ContentType.JSON).body("{\"version\": 0}")
                .put("/api/v1/models/" + model + "/aliases/production").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("version"));
        asSubmitter().contentType(ContentType.JSON).body("{\"version\": 1}")
                .put("/api/v1/models/" + model + "/aliases/Bad Alias").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("alias"));
        asViewer().contentType(ContentType.JSON).body("{\"version\": 1}")
                .put("/api/v1/models/" + model + "/aliases/production").then().statusCode(403).contentType(PROBLEM);
        asViewer().get("/api/v1/models/a..b/versions").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void loadFailuresReportedByTheWorkersAreShownNewestFirst() {
        String model = "gw-model-" + RUN + "-broken";
        asViewer().get("/api/v1/models/" + model + "/load-failures").then().statusCode(200).body("size()", is(0));
        try (TrainerPlayer worker = new TrainerPlayer()) {
            worker.send(Topics.MODEL_LOAD_FAILURES, model, new ModelLoadFailed(1, model, 2, "inference-a",
                    "baton-models/models/" + model + "/2/parameters.params is truncated or not a parameter file",
                    java.time.Instant.parse("2026-11-29T09:00:00Z")));
            worker.send(Topics.MODEL_LOAD_FAILURES, model, new ModelLoadFailed(1, model, 3, "inference-a",
                    "warm-up failed: the bundle's input size 96 does not match its parameters",
                    java.time.Instant.parse("2026-11-29T09:05:00Z")));
        }
        Eventually.until("both reports in the view", () -> asViewer().get("/api/v1/models/" + model + "/load-failures")
                .then().extract().jsonPath().getList("version").size() == 2);
        asViewer().get("/api/v1/models/" + model + "/load-failures").then().statusCode(200)
                .body("version", contains(3, 2)).body("workerId", everyItem(is("inference-a")))
                .body("[1].reason", containsString("parameters.params is truncated"));
    }
}
