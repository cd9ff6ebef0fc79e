package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asViewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.problem.NoTestEvaluationException;
import dev.baton.transfer.bundle.BundleManifest;
import dev.baton.transfer.train.ValidationReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A version's test evaluation read from its bundle manifest in the real S3Proxy. */
@QuarkusTest
class ModelEvaluationResourceTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROBLEM = "application/problem+json";
    private static final List<String> CLASSES = List.of("daisy", "rose", "tulip");

    @Inject
    ObjectStore store;

    /** Publishes a bundle whose manifest is written from the trainer's own record types. */
    private void publishVersion(String model, int version, ValidationReport test, boolean withManifest)
            throws IOException {
        Path folder = Files.createTempDirectory("bundle");
        Files.write(folder.resolve("parameters.params"), new byte[] {1, 2, 3});
        if (withManifest) {
            BundleManifest manifest = new BundleManifest(BundleManifest.SCHEMA_VERSION, "mobilenet_v2", "test", null,
                    "probability", null, null, CLASSES, 224, null, null, List.of(),
                    new ValidationReport(0.4, 0.8, CLASSES, null), 3, 3, test, null, "2026-12-06T18:00:00Z", "job-1");
            new ObjectMapper().writeValue(folder.resolve(ObjectKeys.BUNDLE_MANIFEST).toFile(), manifest);
        }
        new AtomicPublisher(store).publishFolder(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, version),
                folder, Map.of("jobId", "job-" + RUN));
    }

    @Test
    void theTestEvaluationOfAVersionWithATestSplit() throws IOException {
        String model = "gw-eval-" + RUN + "-ok";
        // tulip is never predicted (precision NaN in the manifest), rose images are half right
        int[][] matrix = {{4, 0, 0}, {2, 2, 0}, {1, 1, 0}};
        publishVersion(model, 1, new ValidationReport(0.71, 0.6, CLASSES, matrix), true);

        asViewer().get("/api/v1/models/" + model + "/versions/1/evaluation").then().statusCode(200)
                .body("model", is(model)).body("version", is(1)).body("split", is("test"))
                .body("accuracy", is(0.6f)).body("loss", is(0.71f)).body("images", is(10))
                .body("classes.name", contains("daisy", "rose", "tulip"))
                .body("classes.support", contains(4, 4, 2))
                .body("classes[0].precision", is(4f / 7f)).body("classes[1].recall", is(0.5f))
                .body("classes[2].precision", nullValue()).body("classes[2].recall", is(0f))
                .body("confusionMatrix[1]", contains(2, 2, 0)).body("confusionMatrix[2]", contains(1, 1, 0));
    }

    @Test
    void aVersionWithoutATestSplitSaysWhy() throws IOException {
        String model = "gw-eval-" + RUN + "-none";
        publishVersion(model, 1, null, true);
        publishVersion(model, 2, null, false);
        asViewer().get("/api/v1/models/" + model + "/versions/1/evaluation").then().statusCode(404)
                .contentType(PROBLEM).body("title", is(NoTestEvaluationException.TITLE))
                .body("detail", containsString("no test split"))
                .body("detail", containsString("upload a zip with train/<class>/ and test/<class>/ folders"));
        asViewer().get("/api/v1/models/" + model + "/versions/2/evaluation").then().statusCode(404)
                .contentType(PROBLEM).body("title", is(NoTestEvaluationException.TITLE))
                .body("detail", containsString(ObjectKeys.BUNDLE_MANIFEST));
    }

    @Test
    void unknownModelsAndVersionsAndBadInput() throws IOException {
        String model = "gw-eval-" + RUN + "-err";
        publishVersion(model, 1, null, true);
        asViewer().get("/api/v1/models/" + model + "/versions/9/evaluation").then().statusCode(404)
                .contentType(PROBLEM).body("title", is("Not found"));
        asViewer().get("/api/v1/models/gw-eval-" + RUN + "-nothing/versions/1/evaluation").then().statusCode(404)
                .contentType(PROBLEM).body("title", is("Not found"));
        asViewer().get("/api/v1/models/" + model + "/versions/0/evaluation").then().statusCode(400)
                .contentType(PROBLEM);
        asViewer().get("/api/v1/models/a..b/versions/1/evaluation").then().statusCode(400).contentType(PROBLEM);
        RestAssured.given().get("/api/v1/models/" + model + "/versions/1/evaluation").then().statusCode(401);
    }
}
