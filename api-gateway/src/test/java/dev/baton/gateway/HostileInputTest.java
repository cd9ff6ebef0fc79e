package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static dev.baton.gateway.support.TestDatasets.png;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceResult.Prediction;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.support.ApiKeys;
import dev.baton.gateway.support.Eventually;
import dev.baton.gateway.support.InferenceWorkerPlayer;
import dev.baton.gateway.support.TestDatasets;
import dev.baton.gateway.support.TopicProbe;
import dev.baton.gateway.support.TrainerPlayer;
import dev.baton.gateway.support.Zips;
import dev.baton.transfer.testing.HostileImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken client sent to the running platform (issue 15), replayed against the real
 * gateway on the real broker and S3Proxy: each is a clean problem+json 4xx, nothing is buffered or
 * written past a limit, and a normal predict still answers right after.
 */
@QuarkusTest
class HostileInputTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    ObjectStore store;

    @Test
    void aPredictBodyOverTheLimitIsRefusedAsItStreamsInEvenWithoutALength() throws Exception {
        asViewer().contentType("image/png").body(new byte[300_000]).post("/api/v1/models/m1/predict")
                .then().statusCode(413).contentType(PROBLEM).body("violations[0].field", is("image"))
                .body("detail", containsString("100000 bytes"));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/models/m1/predict"))
                .header("X-API-Key", ApiKeys.VIEWER).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(1L << 30))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("larger than 100000 bytes"), chunked.body());
        assertNormalPredictAnswers("after-big-body");
    }

    @Test
    void imagesDeclaringHugeSizesAreRefusedFromTheirHeaderNamingTheLimit() throws Exception {
        byte[] jpeg = HostileImages.jpegDeclaring(30000, 30000);
        assertTrue(jpeg.length < 1000);
        asViewer().contentType("image/jpeg").body(jpeg).post("/api/v1/models/m1/predict")
                .then().statusCode(413).contentType(PROBLEM).body("violations[0].field", is("image"))
                .body("detail", containsString("30000x30000")).body("detail", containsString("limit of 25000000"));
        // 20000x20000 (389 kB) is over the test profile's 100 kB body limit; 9000x9000 grey is 79 kB.
        byte[] grey = HostileImages.greyPng(9000);
        assertTrue(grey.length < 100_000, "under the test body limit: " + grey.length);
        asViewer().contentType("image/png").body(grey).post("/api/v1/models/m1/predict")
                .then().statusCode(413).contentType(PROBLEM).body("detail", containsString("9000x9000"));
        byte[] dataset = Zips.archive().with("flowers/daisy/1.png", png(16, 1)).with("flowers/daisy/2.png", png(16, 2))
                .with("flowers/rose/1.png", png(16, 3)).with("flowers/rose/bomb.jpg", jpeg).bytes();
        asSubmitter().contentType("application/zip").body(dataset)
                .put("/api/v1/datasets/gw-hostile-" + RUN).then().statusCode(201)
                .body("skipped[0].path", is("flowers/rose/bomb.jpg"))
                .body("skipped[0].reason", containsString("more than the limit of 40000000"));
        assertNormalPredictAnswers("after-bombs");
    }

    @Test
    void baseModelZipsAreBoundedAsTheyAreWrittenAndDuplicatesAreA400() throws IOException {
        String name = "gw-hostile-base-" + RUN;
        long tempBefore = baseTempFolders();
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        importBase(name, Zips.archive().with("base-manifest.json", manifest).with("w.bin", new byte[100_001]).bytes())
                .then().statusCode(413).contentType(PROBLEM).body("violations[0].field", is("w.bin"))
                .body("detail", containsString("more than 100000 bytes"));
        importBase(name, Zips.archive().with("a.bin", new byte[90_000]).with("b.bin", new byte[90_000]).bytes())
                .then().statusCode(413).body("detail", containsString("unpacks to more than 150000 bytes"));
        importBase(name, Zips.archive().with("base-manifest.json", new byte[5000]).bytes())
                .then().statusCode(413).body("violations[0].field", is("base-manifest.json"));
        Zips many = Zips.archive();
        for (int i = 0; i < 9; i++) {
            many.with("f" + i + ".bin", new byte[1]);
        }
        importBase(name, many.bytes()).then().statusCode(413).body("detail", containsString("at most 8 entries"));
        importBase(name, Zips.archive().with("a/w.bin", new byte[1]).with("b/w.bin", new byte[2]).bytes())
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("two entries are named 'w.bin' ('a/w.bin' and 'b/w.bin')"));
        importBase(name, Zips.archive().with("a/", new byte[0]).with("b/", new byte[0]).bytes())
                .then().statusCode(400).body("detail", containsString("holds 2 folders and no file"));
        assertEquals(tempBefore, baseTempFolders(), "every refused import cleaned its temporary folder");
    }

    @Test
    void zipsOfFoldersOnlyGetAnHonestAnswer() {
        Zips few = Zips.archive();
        for (int i = 0; i < 20; i++) {
            few.with("d" + i + "/", new byte[0]);
        }
        asSubmitter().contentType("application/zip").body(few.bytes()).put("/api/v1/datasets/gw-folders-" + RUN)
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("holds 20 folders and no file"));
        Zips many = Zips.archive();
        for (int i = 0; i < 300; i++) {
            many.with("d" + i + "/", new byte[0]);
        }
        asSubmitter().contentType("application/zip").body(many.bytes()).put("/api/v1/datasets/gw-folders-" + RUN)
                .then().statusCode(413).contentType(PROBLEM).body("detail", containsString("more than 100 entries"));
    }

    @Test
    void predictsBeyondTheBulkheadAreA429WithRetryAfterNotAHang() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest silent = HttpRequest.newBuilder(uri("/api/v1/models/gw-hostile-silent-" + RUN + "/predict"))
                .header("X-API-Key", ApiKeys.VIEWER).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png(16, 1))).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(client.sendAsync(silent, HttpResponse.BodyHandlers.ofString()));
        }
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> each : all) {
            HttpResponse<String> response = each.get(30, TimeUnit.SECONDS);
            if (response.statusCode() == 429) {
                refused++;
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM));
                assertTrue(response.body().contains("4 synchronous predicts"), response.body());
            } else {
                assertEquals(504, response.statusCode(), "no worker answers that model: " + response.body());
            }
        }
        assertTrue(refused >= 1, "8 predicts at once with room for 4: some are refused");
        assertNormalPredictAnswers("after-bulkhead");
    }

    @Test
    void theEventStreamOfAnEndedJobClosesAfterTheReplayAndStreamsAreBounded() throws Exception {
        String ended = "job-gwhostile-" + RUN + "-ended";
        try (TrainerPlayer trainer = new TrainerPlayer()) {
            trainer.publish(TrainingEvent.of(ended, TrainingEventType.QUEUED).withModel("gw-hostile-" + RUN, null));
            trainer.publish(TrainingEvent.of(ended, TrainingEventType.FAILED).withReason("test"));
            for (int i = 0; i < 5; i++) {
                trainer.publish(TrainingEvent.of(ended + i, TrainingEventType.QUEUED).withModel("gw-hostile-" + RUN, null));
            }
        }
        Eventually.until("the job has ended", () -> "FAILED".equals(
                asViewer().get("/api/v1/training-jobs/" + ended).then().extract().path("state")));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> replay = client.send(sse(ended).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replay.statusCode());
        assertTrue(replay.body().contains("event:QUEUED") && replay.body().contains("event:FAILED"), replay.body());

        Eventually.until("the open jobs are known", () -> asViewer().get("/api/v1/training-jobs/" + ended + 4)
                .statusCode() == 200);
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(client.send(sse(ended + i).build(), HttpResponse.BodyHandlers.ofInputStream()));
                assertEquals(200, open.get(i).statusCode());
            }
            HttpResponse<String> fifth = client.send(sse(ended + 4).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(429, fifth.statusCode(), fifth.body());
            assertTrue(fifth.headers().firstValue("Retry-After").isPresent());
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
        Eventually.until("closed streams give their places back", () -> {
            try {
                HttpResponse<InputStream> again = client.send(sse(ended + 4).build(), HttpResponse.BodyHandlers.ofInputStream());
                again.body().close();
                return again.statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    @Test
    void anIdempotencyKeyIsBoundToItsBodyAndConcurrentSubmitsPublishOneJob() throws Exception {
        String dataset = "gw-hostile-jobs-" + RUN;
        TestDatasets.publish(store, dataset);
        String body = job(dataset, "\"epochs\":2");
        String key = "hostile-" + RUN;
        try (TopicProbe requests = TopicProbe.from(Topics.TRAINING_REQUESTS)) {
            List<CompletableFuture<Response>> submits = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                submits.add(CompletableFuture.supplyAsync(() -> asSubmitter().contentType("application/json")
                        .header("Idempotency-Key", key).body(body).post("/api/v1/training-jobs")));
            }
            List<Integer> statuses = new ArrayList<>();
            Set<String> jobIds = new HashSet<>();
            for (CompletableFuture<Response> submit : submits) {
                Response response = submit.get(60, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                jobIds.add(response.path("jobId"));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(9, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(1, jobIds.size());
            String jobId = jobIds.iterator().next();
            assertEquals(1, requests.await(jobId, 1).size());
            assertEquals(0, requests.collect(jobId, Duration.ofSeconds(2)).size(), "exactly one training request");
        }
        asSubmitter().contentType("application/json").header("Idempotency-Key", key)
                .body(job(dataset, "\"epochs\":3")).post("/api/v1/training-jobs")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("'" + key + "'"))
                .body("detail", containsString("different body"));
    }

    @Test
    void submitsSayWhatIsWrongWithoutTemplates() {
        String dataset = "gw-hostile-valid-" + RUN;
        TestDatasets.publish(store, dataset);
        asSubmitter().contentType("application/json").body(job(dataset, "\"epochs\":1.9"))
                .post("/api/v1/training-jobs").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("epochs"));
        String detail = asSubmitter().contentType("application/json").body(job(dataset, "\"learningRate\":\"NaN\""))
                .post("/api/v1/training-jobs").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("learningRate")).extract().path("detail");
        assertTrue(!detail.contains("${"), detail);
        asSubmitter().contentType("application/json").body(job(dataset, "\"epochs\":2")
                        .replace("\"pretrained\":\"none\",\"strategy\":\"full\"",
                                "\"pretrained\":\"resnet-from-nowhere\",\"strategy\":\"feature_extraction\""))
                .post("/api/v1/training-jobs").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("pretrained"))
                .body("detail", containsString("no registered base model named 'resnet-from-nowhere' (registered: "));
    }

    private static String job(String dataset, String extra) {
        return "{\"modelName\":\"gw-hostile-" + RUN + "\",\"dataset\":\"" + dataset + "\",\"base\":\"mobilenet_v2\","
                + "\"pretrained\":\"none\",\"strategy\":\"full\",\"head\":\"gap\",\"batchSize\":4,"
                + "\"imageSize\":32,\"seed\":7," + extra + "}";
    }

    private static HttpRequest.Builder sse(String jobId) {
        return HttpRequest.newBuilder(uri("/api/v1/training-jobs/" + jobId + "/events"))
                .header("X-API-Key", ApiKeys.VIEWER).header("Accept", "text/event-stream");
    }

    private static Response importBase(String name, byte[] zip) {
        return asSubmitter().contentType("application/zip").body(zip).put("/api/v1/base-models/" + name);
    }

    private static long baseTempFolders() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("baton-base-")).count();
        }
    }

    private static void assertNormalPredictAnswers(String suffix) throws Exception {
        String model = "gw-hostile-" + RUN + "-" + suffix;
        try (var worker = new InferenceWorkerPlayer(model, request -> new InferenceResult(
                BatonMessage.CURRENT_SCHEMA_VERSION, request.correlationId(), request.model(), 1,
                List.of(new Prediction("daisy", 1.0)), "probability", 1.0, 1.0, null, Instant.now()))) {
            asViewer().contentType("image/png").body(png(16, 1)).post("/api/v1/models/" + model + "/predict")
                    .then().statusCode(200).body("predictions[0].label", is("daisy")).body("version", notNullValue());
        }
    }

    private static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    /** A body of zeros produced as it is read: never in memory on the client either. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long bytes) {
            this.left = bytes;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
