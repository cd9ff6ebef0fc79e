package dev.baton.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The inference worker starts against the real services, is ready once its models are loaded, and exposes metrics. */
@QuarkusTest
@TestProfile(IsolatedTopicsProfile.class)
class InferenceHealthTest {

    @Inject
    InferenceWorker worker;

    @Test
    void readyAndMeasured() {
        TestKafka.waitFor(worker::isReady, Duration.ofSeconds(60), () -> "worker ready");
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItems("kafka", "object-store", "models"));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItems("results-delivered"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("process_cpu_usage"))
                .body(containsString("baton_inference_models_loaded"))
                .body(containsString("baton_inference_swaps_total"));
    }
}
