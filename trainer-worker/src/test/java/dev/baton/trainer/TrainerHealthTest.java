package dev.baton.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The trainer starts against the real services, is ready, and exposes metrics. */
@QuarkusTest
class TrainerHealthTest {

    @Test
    void readyAndMeasured() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItems("kafka", "object-store"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads"));
    }
}
