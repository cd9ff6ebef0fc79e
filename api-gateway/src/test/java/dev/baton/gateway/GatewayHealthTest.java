package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The gateway starts against the real local Kafka broker and S3Proxy and says it is ready. */
@QuarkusTest
class GatewayHealthTest {

    @Test
    void readyWhenKafkaAndObjectStoreAnswer() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("kafka", "object-store", "job-view", "model-views"));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItems("background-threads"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("process_uptime_seconds"));
    }
}
