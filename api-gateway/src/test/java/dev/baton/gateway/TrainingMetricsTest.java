package dev.baton.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.gateway.support.Eventually;
import dev.baton.gateway.support.TrainerPlayer;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The training metrics only the gateway can export, on its real /q/metrics: the queue depth (which
 * must exist with no trainer at all: KEDA scales trainers from zero on it) and the oldest unfinished
 * job's age (the stuck-job alert's input), the validation accuracy
 * of each published model version (from the SUCCEEDED events it replays), and the S3 error
 * counter every service has.
 */
@QuarkusTest
class TrainingMetricsTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void queueDepthAndS3ErrorsExistBeforeAnyWork() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE baton_training_queue_depth gauge"))
                .body(containsString("# TYPE baton_training_queue_oldest_age_seconds gauge"))
                .body(containsString("baton_s3_errors_total{operation=\"read\"}"));
    }

    @Test
    void aSucceededJobGivesItsModelVersionAnAccuracySeries() {
        String model = "gw-metrics-" + RUN;
        try (TrainerPlayer trainer = new TrainerPlayer()) {
            trainer.publish(TrainingEvent.of("job-metrics-" + RUN, TrainingEventType.SUCCEEDED).by("trainer-test", 1)
                    .withModel(model, 3).withMetrics(Map.of("val_accuracy", 0.875, "val_loss", 0.4)));
        }
        String series = "baton_model_validation_accuracy{model=\"" + model + "\",version=\"3\"} 0.875";
        Eventually.until("the accuracy series of " + model + " v3",
                () -> given().get("/q/metrics").then().extract().asString().contains(series));
    }
}
