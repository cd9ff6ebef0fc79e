package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** API keys, roles, and every error answered as problem+json naming the field at fault. */
@QuarkusTest
class SecurityAndProblemsTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void withoutAKeyIs401WithAChallenge() {
        given().get("/api/v1/training-jobs").then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("X-API-Key"))
                .body("status", is(401)).body("title", is("Unauthorized"));
    }

    @Test
    void anUnknownKeyIs401() {
        given().header("X-API-Key", "not-a-key").get("/api/v1/training-jobs").then().statusCode(401)
                .contentType(PROBLEM).body("status", is(401));
    }

    @Test
    void aViewerMayReadButNotSubmit() {
        asViewer().get("/api/v1/training-jobs").then().statusCode(200);
        asViewer().contentType(ContentType.JSON).body("{}").post("/api/v1/training-jobs").then().statusCode(403)
                .contentType(PROBLEM).body("status", is(403)).body("title", is("Forbidden"));
        asViewer().post("/api/v1/training-jobs/job-1/cancel").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void aSubmitterMayAlsoRead() {
        asSubmitter().get("/api/v1/training-jobs").then().statusCode(200);
    }

    @Test
    void malformedJsonIs400() {
        asSubmitter().contentType(ContentType.JSON).body("{\"modelName\": ").post("/api/v1/training-jobs").then()
                .statusCode(400).contentType(PROBLEM).body("status", is(400)).body("detail", notNullValue());
    }

    @Test
    void anUnknownEnumValueNamesTheField() {
        asSubmitter().contentType(ContentType.JSON).body("{\"base\": \"resnet50\"}").post("/api/v1/training-jobs")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("base"))
                .body("violations[0].message", containsString("vgg16"));
    }

    @Test
    void anUnknownFieldIsNamed() {
        asSubmitter().contentType(ContentType.JSON).body("{\"epoch\": 3}").post("/api/v1/training-jobs")
                .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", is("epoch"));
    }

    @Test
    void invalidValuesNameEveryField() {
        asSubmitter().contentType(ContentType.JSON)
                .body("{\"modelName\":\"Bad Name\",\"dataset\":\"../etc\",\"base\":\"vgg16\",\"pretrained\":\"none\","
                        + "\"strategy\":\"full\",\"head\":\"dense\",\"epochs\":0,\"batchSize\":32}")
                .post("/api/v1/training-jobs").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("modelName"))
                .body("violations.field", hasItem("dataset"))
                .body("violations.field", hasItem("epochs"));
    }

    @Test
    void invalidQueryAndPathParametersNameTheParameter() {
        asViewer().get("/api/v1/training-jobs?state=sleeping").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("state"));
        asViewer().get("/api/v1/training-jobs?size=100000").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("size"));
        asViewer().get("/api/v1/training-jobs/bad..id").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("jobId"));
        asSubmitter().contentType(ContentType.JSON).header("Idempotency-Key", "has spaces")
                .body("{}").post("/api/v1/training-jobs").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("Idempotency-Key"));
    }

    @Test
    void unknownJobsAndPathsAre404() {
        asViewer().get("/api/v1/training-jobs/job-that-never-was").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("job-that-never-was"));
        asViewer().get("/api/v1/no-such-thing").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void theOpenApiDocumentAndSwaggerUiAreServedWithoutAKey() {
        var openapi = given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes", notNullValue());
        for (String path : new String[] {"/api/v1/training-jobs", "/api/v1/training-jobs/{jobId}",
                "/api/v1/training-jobs/{jobId}/cancel", "/api/v1/training-jobs/{jobId}/events", "/api/v1/datasets",
                "/api/v1/datasets/{name}", "/api/v1/datasets/{name}/register", "/api/v1/models",
                "/api/v1/models/{model}/versions", "/api/v1/models/{model}/versions/{version}",
                "/api/v1/models/{model}/versions/{version}/bundle", "/api/v1/models/{model}/aliases/{alias}",
                "/api/v1/models/{model}/predict", "/api/v1/batch-predictions", "/api/v1/batch-predictions/{batchId}",
                "/api/v1/batch-predictions/{batchId}/results", "/api/v1/base-models",
                "/api/v1/base-models/{name}"}) {
            openapi.body("paths", org.hamcrest.Matchers.hasKey(path));
        }
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
