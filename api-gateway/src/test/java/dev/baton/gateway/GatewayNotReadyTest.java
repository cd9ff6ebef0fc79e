package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Readiness is checked for real: with the object store unreachable the gateway is not ready. */
@QuarkusTest
@TestProfile(UnreachableObjectStoreProfile.class)
class GatewayNotReadyTest {

    @Test
    void notReadyWhileTheObjectStoreIsUnreachable() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'object-store' }.status", is("DOWN"))
                .body("checks.find { it.name == 'object-store' }.data.endpoint", is("http://127.0.0.1:1"))
                .body("checks.find { it.name == 'kafka' }.status", is("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
