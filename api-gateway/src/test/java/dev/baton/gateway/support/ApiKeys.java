package dev.baton.gateway.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** The test profile's API keys (application.properties, %test) as REST Assured requests. */
public final class ApiKeys {
    /** The admin's key (client {@code admin}). */
    public static final String ADMIN = "test-admin-key";
    /** The submitter's key (client {@code submitter}). */
    public static final String SUBMITTER = "test-submitter-key";
    /** The viewer's key. */
    public static final String VIEWER = "test-viewer-key";

    private ApiKeys() {
    }

    /** @return a request as the admin */
    public static RequestSpecification asAdmin() {
        return RestAssured.given().header("X-API-Key", ADMIN);
    }

    /** @return a request as the submitter */
    public static RequestSpecification asSubmitter() {
        return RestAssured.given().header("X-API-Key", SUBMITTER);
    }

    /** @return a request as the viewer */
    public static RequestSpecification asViewer() {
        return RestAssured.given().header("X-API-Key", VIEWER);
    }
}
