package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.JobDefaults;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.jobs.JobView;
import dev.baton.gateway.support.Eventually;
import dev.baton.gateway.support.TestDatasets;
import dev.baton.gateway.support.TopicProbe;
import dev.baton.gateway.support.TrainerPlayer;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.TopicReplay;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Training jobs on the real broker: the gateway publishes, a plain producer plays the trainer. */
@QuarkusTest
class TrainingJobResourceTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATASET = "gw-jobs-" + RUN;
    private static final TrainerPlayer TRAINER = new TrainerPlayer();

    @Inject
    ObjectStore store;

    @AfterAll
    static void close() {
        TRAINER.close();
    }

    private String submission(String model) {
        TestDatasets.publish(store, DATASET);
        return "{\"modelName\":\"" + model + "\",\"dataset\":\"" + DATASET + "\",\"base\":\"mobilenet_v2\","
                + "\"pretrained\":\"none\",\"strategy\":\"full\",\"head\":\"gap\",\"epochs\":2,\"batchSize\":4,"
                + "\"imageSize\":32,\"seed\":7}";
    }

    @Test
    void submitPublishesQueuedAndTheRequestKeyedByJobId() {
        String model = "gw-model-" + RUN + "-a";
        String body = submission(model);
        try (TopicProbe requests = TopicProbe.from(Topics.TRAINING_REQUESTS);
                TopicProbe events = TopicProbe.from(Topics.TRAINING_EVENTS)) {
            String jobId = asSubmitter().contentType(ContentType.JSON).body(body).post("/api/v1/training-jobs")
                    .then().statusCode(201)
                    .header("Location", containsString("/api/v1/training-jobs/job-"))
                    .body("state", is("QUEUED")).body("modelName", is(model)).body("submittedAt", notNullValue())
                    .extract().path("jobId");
            TrainingRequest request = MessageCodec.instance().decode(requests.await(jobId, 1).get(0), TrainingRequest.class);
            assertEquals(model, request.modelName());
            assertEquals(BaseArchitecture.MOBILENET_V2, request.base());
            assertEquals(HeadType.GAP, request.head());
            assertEquals(TrainingStrategy.FULL, request.strategy());
            assertEquals(JobDefaults.LEARNING_RATE, request.learningRate());
            assertEquals(7L, request.seed());
            TrainingEvent queued = MessageCodec.instance().decode(events.await(jobId, 1).get(0), TrainingEvent.class);
            assertEquals(TrainingEventType.QUEUED, queued.type());
            assertEquals(model, queued.modelName());
            asViewer().get("/api/v1/training-jobs/" + jobId).then().statusCode(200)
                    .body("jobId", is(jobId)).body("modelName", is(model));
        }
    }

    @Test
    void aRetriedSubmitWithTheSameIdempotencyKeyCreatesNoSecondJob() {
        String model = "gw-model-" + RUN + "-idem";
        String body = submission(model);
        String key = "idem-" + RUN;
        String first = asSubmitter().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/training-jobs").then().statusCode(201).extract().path("jobId");
        String again = asSubmitter().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/training-jobs").then().statusCode(200).extract().path("jobId");
        assertEquals(first, again);
        String other = asSubmitter().contentType(ContentType.JSON).header("Idempotency-Key", key + "-2").body(body)
                .post("/api/v1/training-jobs").then().statusCode(201).extract().path("jobId");
        assertNotEquals(first, other);
        asViewer().get("/api/v1/training-jobs?model=" + model).then().statusCode(200).body("total", is(2));
    }

    @Test
    void anUnknownDatasetIs400NamingTheField() {
        String body = submission("gw-model-" + RUN + "-nods").replace(DATASET, "gw-missing-" + RUN);
        asSubmitter().contentType(ContentType.JSON).body(body).post("/api/v1/training-jobs").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", is("dataset"));
    }

    @Test
    void theViewFollowsTheTrainersEventsAndFinishedJobsCannotBeCancelled() {
        String jobId = "job-gwtest-" + RUN + "-done";
        String model = "gw-model-" + RUN + "-done";
        playWholeJob(jobId, model);
        Eventually.until("the job is SUCCEEDED", () -> "SUCCEEDED".equals(
                asViewer().get("/api/v1/training-jobs/" + jobId).then().extract().path("state")));
        asViewer().get("/api/v1/training-jobs/" + jobId).then().statusCode(200)
                .body("attempts", is(1)).body("workerId", is("trainer-test")).body("modelVersion", is(3))
                .body("epoch", is(2)).body("totalEpochs", is(2))
                .body("lastMetrics.val_accuracy", is(0.75f))
                .body("startedAt", notNullValue()).body("finishedAt", notNullValue());
        asSubmitter().post("/api/v1/training-jobs/" + jobId + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("SUCCEEDED"));
        asSubmitter().post("/api/v1/training-jobs/job-gwtest-" + RUN + "-never/cancel").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void cancelPublishesACancelRequest() {
        String body = submission("gw-model-" + RUN + "-cancel");
        String jobId = asSubmitter().contentType(ContentType.JSON).body(body).post("/api/v1/training-jobs")
                .then().statusCode(201).extract().path("jobId");
        try (TopicProbe cancels = TopicProbe.from(Topics.TRAINING_CANCELS)) {
            asSubmitter().post("/api/v1/training-jobs/" + jobId + "/cancel").then().statusCode(202)
                    .body("jobId", is(jobId));
            CancelRequest cancel = MessageCodec.instance().decode(cancels.await(jobId, 1).get(0), CancelRequest.class);
            assertEquals("submitter", cancel.requestedBy());
        }
    }

    @Test
    void listFiltersByStateAndModelAndPages() {
        String model = "gw-model-" + RUN + "-list";
        for (int i = 0; i < 3; i++) {
            TRAINER.publish(queued("job-gwtest-" + RUN + "-list" + i, model));
        }
        TRAINER.publish(TrainingEvent.of("job-gwtest-" + RUN + "-list0", TrainingEventType.FAILED)
                .by("trainer-test", 1).withReason("dataset has one class"));
        Eventually.until("three jobs, one failed", () -> asViewer().get("/api/v1/training-jobs?model=" + model
                + "&state=failed").then().extract().<Integer>path("total") == 1
                && asViewer().get("/api/v1/training-jobs?model=" + model).then().extract().<Integer>path("total") == 3);
        asViewer().get("/api/v1/training-jobs?model=" + model + "&state=FAILED").then().statusCode(200)
                .body("items[0].jobId", is("job-gwtest-" + RUN + "-list0"))
                .body("items[0].reason", is("dataset has one class"));
        List<String> page0 = asViewer().get("/api/v1/training-jobs?model=" + model + "&size=2&page=0").then()
                .statusCode(200).body("items.size()", is(2)).body("page", is(0)).body("size", is(2))
                .extract().path("items.jobId");
        asViewer().get("/api/v1/training-jobs?model=" + model + "&size=2&page=1").then().statusCode(200)
                .body("items.size()", is(1)).body("items[0].jobId", not(page0.get(0)))
                .body("items[0].jobId", not(page0.get(1)));
    }

    @Test
    void aSecondReplicaReplayingTheTopicShowsTheSameJobs() throws Exception {
        String jobId = "job-gwtest-" + RUN + "-replica";
        playWholeJob(jobId, "gw-model-" + RUN + "-replica");
        Eventually.until("the job is SUCCEEDED", () -> "SUCCEEDED".equals(
                asViewer().get("/api/v1/training-jobs/" + jobId).then().extract().path("state")));
        var fresh = new JobView();
        try (var replay = new TopicReplay<>(KafkaConnection.plaintext(TopicProbe.bootstrap()), Topics.TRAINING_EVENTS,
                TrainingEvent.class, fresh::apply, "gateway-test-replica")) {
            replay.start();
            Eventually.until("the replica caught up", replay::isCaughtUp);
            var seen = fresh.find(jobId).orElseThrow();
            asViewer().get("/api/v1/training-jobs/" + jobId).then().statusCode(200)
                    .body("state", is(seen.state().name())).body("attempts", is(seen.attempts()))
                    .body("modelVersion", is(seen.modelVersion())).body("updatedAt", is(seen.updatedAt().toString()));
        }
    }

    @Test
    void progressStreamsAsServerSentEventsUntilTheJobEnds() throws Exception {
        String jobId = "job-gwtest-" + RUN + "-sse";
        TRAINER.publish(queued(jobId, "gw-model-" + RUN + "-sse"));
        Eventually.until("the job is known", () -> asViewer().get("/api/v1/training-jobs/" + jobId).statusCode() == 200);
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/api/v1/training-jobs/" + jobId + "/events"))
                .header("X-API-Key", dev.baton.gateway.support.ApiKeys.VIEWER)
                .header("Accept", "text/event-stream").build();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        var lines = response.body().iterator();
        assertEquals("QUEUED", nextEventName(lines));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.STARTED).by("trainer-test", 1));
        assertEquals("STARTED", nextEventName(lines));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.EPOCH).by("trainer-test", 1).atEpoch(1, 1)
                .withMetrics(Map.of("loss", 0.5)));
        assertEquals("EPOCH", nextEventName(lines));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.SUCCEEDED).by("trainer-test", 1)
                .withModel("gw-model-" + RUN + "-sse", 1));
        assertEquals("SUCCEEDED", nextEventName(lines));
        while (lines.hasNext()) {
            assertEquals(-1, lines.next().indexOf("event:"), "nothing after the terminal event");
        }
    }

    @Test
    void eventsOfAnUnknownJobAre404() {
        asViewer().accept("text/event-stream").get("/api/v1/training-jobs/job-gwtest-" + RUN + "-none/events").then()
                .statusCode(404);
    }

    private static String nextEventName(java.util.Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                return line.substring("event:".length()).strip();
            }
        }
        throw new AssertionError("the stream ended");
    }

    private static TrainingEvent queued(String jobId, String model) {
        return TrainingEvent.of(jobId, TrainingEventType.QUEUED).withModel(model, null);
    }

    private static void playWholeJob(String jobId, String model) {
        TRAINER.publish(queued(jobId, model));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.STARTED).by("trainer-test", 1));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.EPOCH).by("trainer-test", 1).atEpoch(1, 2)
                .withMetrics(Map.of("loss", 0.9, "val_accuracy", 0.5)));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.EPOCH).by("trainer-test", 1).atEpoch(2, 2)
                .withMetrics(Map.of("loss", 0.4, "val_accuracy", 0.75)));
        TRAINER.publish(TrainingEvent.of(jobId, TrainingEventType.SUCCEEDED).by("trainer-test", 1).atEpoch(2, 2)
                .withMetrics(Map.of("val_accuracy", 0.75)).withModel(model, 3));
    }
}
