package dev.baton.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The inference worker starts against the real services, is ready, and exposes metrics. */
@QuarkusTest
class InferenceHealthTest {

    @Test
    void readyAndMeasured() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItems("kafka", "object-store"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("process_cpu_usage"));
    }
}
