package dev.baton.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.model.ModelVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code baton_inference_model_version{model,version}}: one series per version in memory, scraped
 * from /q/metrics; the series of a swapped-out version disappears once it is closed.
 */
@QuarkusTest
@TestProfile(IsolatedTopicsProfile.class)
class ModelVersionGaugeTest {

    @Inject
    InferenceWorker worker;

    @Test
    void oneSeriesPerLoadedVersionGoneWhenTheVersionIsClosed() throws Exception {
        String model = IsolatedTopicsProfile.RUN + "-gauge";
        ObjectStore store = TestBundles.store();
        Path dir = Files.createTempDirectory("gauge-bundles");
        TestKafka.waitFor(worker::isReady, Duration.ofSeconds(120), () -> "worker ready");
        try (TestKafka kafka = new TestKafka(IsolatedTopicsProfile.RESULTS)) {
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, TestBundles.publish(store, model, 1,
                    TestBundles.write(dir.resolve("v1"), 8)));
            awaitServing(model, 1);
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString(series(model, 1) + " 1.0"))
                    .body(not(containsString(series(model, 2))));

            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, TestBundles.publish(store, model, 2,
                    TestBundles.write(dir.resolve("v2"), 9)));
            awaitServing(model, 2);
            TestKafka.waitFor(() -> !worker.registry().loadedVersions().contains(new ModelVersion(model, 1))
                    && !given().get("/q/metrics").asString().contains(series(model, 1)), Duration.ofSeconds(60),
                    () -> "v1's series removed after it closed");
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString(series(model, 2) + " 1.0"))
                    .body(not(containsString(series(model, 1))));
        }
    }

    private static String series(String model, int version) {
        return "baton_inference_model_version{model=\"" + model + "\",version=\"" + version + "\"}";
    }

    private void awaitServing(String model, int version) {
        TestKafka.waitFor(() -> worker.registry().serving(model).map(m -> m.id().version() == version).orElse(false),
                Duration.ofSeconds(120), () -> model + " v" + version + " serving");
    }
}
