package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asViewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A gateway started after its jobs' events were published lists them with their states at once:
 * start-up replays {@code baton.training.events} before serving, so nothing is waited for here.
 */
@QuarkusTest
@QuarkusTestResource(value = EventsPublishedBeforeStart.class, restrictToAnnotatedClass = true)
class RestartedGatewayTest {

    @Test
    void listsTheSameJobsWithTheSameStates() {
        asViewer().get("/api/v1/training-jobs?model=" + EventsPublishedBeforeStart.MODEL).then().statusCode(200)
                .body("total", is(3))
                .body("items.jobId", containsInAnyOrder(EventsPublishedBeforeStart.SUCCEEDED,
                        EventsPublishedBeforeStart.FAILED, EventsPublishedBeforeStart.RUNNING));
        asViewer().get("/api/v1/training-jobs/" + EventsPublishedBeforeStart.SUCCEEDED).then().statusCode(200)
                .body("state", is("SUCCEEDED")).body("modelVersion", is(1)).body("workerId", is("trainer-a"));
        asViewer().get("/api/v1/training-jobs/" + EventsPublishedBeforeStart.FAILED).then().statusCode(200)
                .body("state", is("FAILED")).body("attempts", is(2)).body("reason", is("out of memory"));
        asViewer().get("/api/v1/training-jobs/" + EventsPublishedBeforeStart.RUNNING).then().statusCode(200)
                .body("state", is("RUNNING")).body("epoch", is(1)).body("totalEpochs", is(5))
                .body("lastMetrics.loss", is(1.5f));
        asViewer().get("/api/v1/training-jobs?model=" + EventsPublishedBeforeStart.MODEL + "&state=running").then()
                .statusCode(200).body("items.jobId", contains(EventsPublishedBeforeStart.RUNNING));
    }
}
