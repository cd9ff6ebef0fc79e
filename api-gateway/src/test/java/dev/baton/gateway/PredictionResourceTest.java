package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static dev.baton.gateway.support.TestDatasets.png;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.InferenceResult.InferenceError;
import dev.baton.contracts.messages.InferenceResult.Prediction;
import dev.baton.gateway.support.InferenceWorkerPlayer;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Synchronous predict through Kafka request-reply; a plain client on the real broker plays the worker. */
@QuarkusTest
class PredictionResourceTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROBLEM = "application/problem+json";

    @Test
    void theWorkersAnswerComesBackWithThePinnedVersionOrAlias() throws Exception {
        String model = "gw-pred-" + RUN + "-ok";
        try (var worker = new InferenceWorkerPlayer(model, request -> new InferenceResult(
                BatonMessage.CURRENT_SCHEMA_VERSION, request.correlationId(), request.model(),
                request.version() != null ? request.version() : "production".equals(request.alias()) ? 2 : 3,
                List.of(new Prediction("daisy", 0.9), new Prediction("rose", 0.1)).subList(0, request.topK()),
                "probability", 1.0, 2.0, null, Instant.now()))) {
            asViewer().contentType("image/png").body(png(16, 1)).post("/api/v1/models/" + model + "/predict?topK=2")
                    .then().statusCode(200).body("version", is(3)).body("predictions[0].label", is("daisy"))
                    .body("predictions.size()", is(2)).body("scoreType", is("probability"));
            asViewer().contentType("image/png").body(png(16, 1))
                    .post("/api/v1/models/" + model + "/predict?alias=production&topK=1")
                    .then().statusCode(200).body("version", is(2)).body("predictions.size()", is(1));
            asViewer().contentType("image/png").body(png(16, 1)).post("/api/v1/models/" + model + "/predict?version=1&topK=1")
                    .then().statusCode(200).body("version", is(1));
        }
    }

    @Test
    void aWorkerErrorKeepsItsMeaning() throws Exception {
        String model = "gw-pred-" + RUN + "-unknown";
        try (var worker = new InferenceWorkerPlayer(model, request -> InferenceResult.failure(request.correlationId(),
                request.model(), InferenceError.Code.UNKNOWN_MODEL, "no model " + request.model()))) {
            asViewer().contentType("image/png").body(png(16, 1)).post("/api/v1/models/" + model + "/predict")
                    .then().statusCode(404).contentType(PROBLEM).body("detail", containsString(model));
        }
    }

    @jakarta.inject.Inject
    dev.baton.contracts.storage.ObjectStore store;

    @Test
    void aBatchOverADatasetStoresOneResultLinePerImage() throws Exception {
        String model = "gw-pred-" + RUN + "-batch";
        String dataset = "gw-batch-" + RUN;
        dev.baton.gateway.support.TestDatasets.publish(store, dataset);
        try (var worker = new InferenceWorkerPlayer(model, request -> new InferenceResult(
                BatonMessage.CURRENT_SCHEMA_VERSION, request.correlationId(), request.model(), 4,
                List.of(new Prediction(request.imageRef().key().split("/")[3], 1.0)), "probability", 0, 0, null,
                Instant.now()))) {
            String batchId = asSubmitter().contentType("application/json")
                    .body("{\"model\":\"" + model + "\",\"dataset\":\"" + dataset + "\",\"topK\":1}")
                    .post("/api/v1/batch-predictions").then().statusCode(202).body("state", is("RUNNING"))
                    .body("images", is(4)).extract().path("batchId");
            dev.baton.gateway.support.Eventually.until("the batch completes", () -> "COMPLETED".equals(
                    asViewer().get("/api/v1/batch-predictions/" + batchId).then().extract().path("state")));
            asViewer().get("/api/v1/batch-predictions/" + batchId).then().statusCode(200)
                    .body("answered", is(4)).body("failed", is(0));
            String results = asViewer().get("/api/v1/batch-predictions/" + batchId + "/results").then()
                    .statusCode(200).extract().asString();
            List<String> lines = results.lines().toList();
            org.junit.jupiter.api.Assertions.assertEquals(4, lines.size());
            for (String line : lines) {
                String label = io.restassured.path.json.JsonPath.from(line).getString("predictions[0].label");
                org.junit.jupiter.api.Assertions.assertTrue(
                        io.restassured.path.json.JsonPath.from(line).getString("image").contains("/" + label + "/"), line);
            }
        }
    }

    @Test
    void batchErrors() {
        asSubmitter().contentType("application/json")
                .body("{\"model\":\"m1\",\"dataset\":\"gw-missing-" + RUN + "\"}")
                .post("/api/v1/batch-predictions").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("dataset"));
        asSubmitter().contentType("application/json").body("{\"dataset\":\"x\"}")
                .post("/api/v1/batch-predictions").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("model"));
        asViewer().contentType("application/json").body("{\"model\":\"m1\",\"dataset\":\"x\"}")
                .post("/api/v1/batch-predictions").then().statusCode(403).contentType(PROBLEM);
        asViewer().get("/api/v1/batch-predictions/batch-" + RUN + "-none").then().statusCode(404).contentType(PROBLEM);
        asViewer().get("/api/v1/batch-predictions/batch-" + RUN + "-none/results").then().statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void noWorkerAnsweringIs504() {
        asViewer().contentType("image/png").body(png(16, 1)).post("/api/v1/models/gw-pred-" + RUN + "-silent/predict")
                .then().statusCode(504).contentType(PROBLEM).body("detail", containsString("no inference worker"));
    }

    @Test
    void badImagesAndParametersAreRefusedBeforeKafka() {
        asViewer().contentType("image/png").body("not an image".getBytes())
                .post("/api/v1/models/m1/predict").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("image"));
        asViewer().contentType("image/png").body(new byte[0])
                .post("/api/v1/models/m1/predict").then().statusCode(400).contentType(PROBLEM);
        asViewer().contentType("image/png").body(png(300, 1))
                .post("/api/v1/models/m1/predict").then().statusCode(413).contentType(PROBLEM)
                .body("violations[0].field", is("image"));
        asViewer().contentType("image/png").body(png(16, 1))
                .post("/api/v1/models/m1/predict?version=2&alias=production").then().statusCode(400)
                .contentType(PROBLEM);
        asViewer().contentType("image/png").body(png(16, 1))
                .post("/api/v1/models/m1/predict?topK=0").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("topK"));
        io.restassured.RestAssured.given().contentType("image/png").body(png(16, 1))
                .post("/api/v1/models/m1/predict").then().statusCode(401).contentType(PROBLEM);
    }
}
