package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.local.LocalClusterConfig;
import dev.baton.transfer.data.FashionMnistConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The run command's main path, shortened, against the real processes: the gateway, a trainer and
 * an inference worker started from their builds (on free ports, with their own PID folder) on the
 * local Kafka broker and S3Proxy. Imports the offline MobileNetV2 base, uploads a small
 * Fashion-MNIST dataset with the CLI, trains through the gateway, follows the job's SSE stream to
 * SUCCEEDED and predicts held-out images through Kafka.
 */
@ExtendWith(RealPlatform.class)
class EndToEndTest {
    private static final int CLASSES = 10;

    private static int cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        return new CommandLine(new BatonCommand()).setExecutionExceptionHandler(new FriendlyErrors())
                .execute(all.toArray(String[]::new));
    }

    @Test
    void uploadTrainFollowAndPredictThroughTheRealServices() throws Exception {
        RealPlatform platform = RealPlatform.get();
        platform.ensureOfflineBase();
        LocalClusterConfig config = platform.config();
        String gateway = platform.gateway();
        Path data = Files.createTempDirectory("baton-e2e-");
        FashionMnistConverter.Result fashion = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR)
                .convert(data, 30, 2, 11);
        String dataset = "e2e-fashion-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, cli("datasets", "upload", dataset, fashion.trainDir().toString(),
                "--gateway", gateway, "--api-key", RealPlatform.ADMIN_KEY));

        GatewayClient client = new GatewayClient(gateway, RealPlatform.ADMIN_KEY);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelName", dataset);
        job.put("dataset", dataset);
        job.put("base", "mobilenet_v2");
        job.put("pretrained", BaseModelsCommand.OFFLINE_MOBILENET);
        job.put("strategy", "feature_extraction");
        job.put("head", "gap");
        job.put("epochs", 3);
        job.put("batchSize", 16);
        job.put("learningRate", 0.05);
        job.put("imageSize", 64);
        job.put("augmentation", false);
        job.put("validationSplit", 0.2);
        job.put("seed", 7L);
        String jobId = client.postJson("/api/v1/training-jobs", job, Map.of()).path("jobId").asText();

        assertEquals(0, JobsCommand.follow(client, jobId), "the job's stream ends with SUCCEEDED");
        JsonNode done = client.get("/api/v1/training-jobs/" + jobId, Map.of());
        assertEquals("SUCCEEDED", done.path("state").asText());
        int version = done.path("modelVersion").asInt();
        assertTrue(version >= 1, done.toString());
        double validationAccuracy = done.path("lastMetrics").path("val_accuracy").asDouble();
        // Ten classes: chance is 10 %. A linear probe on the offline ImageNet base does far better.
        assertTrue(validationAccuracy > 0.4, "validation accuracy " + validationAccuracy + " in " + done);

        JsonNode versions = client.get("/api/v1/models/" + dataset + "/versions", Map.of());
        assertEquals(1, versions.size(), "exactly one version published: " + versions);

        int right = 0;
        List<Path> heldOut;
        try (Stream<Path> files = Files.walk(fashion.testDir())) {
            heldOut = files.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(2 * CLASSES, heldOut.size());
        for (Path image : heldOut) {
            JsonNode result = client.postBytes("/api/v1/models/" + dataset + "/predict", "image/png",
                    Files.readAllBytes(image), Map.of("topK", "3"));
            assertEquals(version, result.path("version").asInt(), "the new version answers: " + result);
            assertEquals(3, result.path("predictions").size(), result.toString());
            right += image.getParent().getFileName().toString().equals(result.path("predictions").path(0)
                    .path("label").asText()) ? 1 : 0;
        }
        assertTrue(right >= 6, right + " of 20 held-out images right (chance: 2)");

        aBatchSurvivesKilledServices(platform, client, data, dataset, version);

        assertTrue(scrape(config.trainerPort()).contains("baton_trainer_jobs_total"), "trainer counted the job");
        assertTrue(scrape(config.inferencePort()).contains("baton_inference_requests_total"), "inference counted requests");
        assertFalse(scrape(config.gatewayPort()).isEmpty());
    }

    /**
     * A batch of 450 images whose inference worker and gateway are both killed with SIGKILL once its first chunk is
     * stored: after they restart, the gateway takes the batch back from its first unfinished chunk, the requests the
     * dead worker held are answered after the group hands them on, and every image has its answer.
     */
    private static void aBatchSurvivesKilledServices(RealPlatform platform, GatewayClient client, Path data,
            String model, int version) throws Exception {
        FashionMnistConverter.Result images = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR)
                .convert(data.resolve("batch"), 45, 0, 13);
        String dataset = model + "-batch";
        assertEquals(0, cli("datasets", "upload", dataset, images.trainDir().toString(),
                "--gateway", platform.gateway(), "--api-key", RealPlatform.ADMIN_KEY));
        String batchId = client.postJson("/api/v1/batch-predictions", Map.of("model", model, "dataset", dataset,
                "topK", 1), Map.of()).path("batchId").asText();
        JsonNode before = client.get("/api/v1/batch-predictions/" + batchId, Map.of());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (before.path("answered").asInt() + before.path("failed").asInt() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            before = client.get("/api/v1/batch-predictions/" + batchId, Map.of());
        }
        platform.kill("inference-worker");
        platform.kill("api-gateway");
        assertEquals("RUNNING", before.path("state").asText(), "killed mid-way: " + before);
        assertTrue(before.path("answered").asInt() < 450, "killed mid-way: " + before);
        platform.restartStopped();

        JsonNode status = client.get("/api/v1/batch-predictions/" + batchId, Map.of());
        deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while ("RUNNING".equals(status.path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = client.get("/api/v1/batch-predictions/" + batchId, Map.of());
        }
        assertEquals("COMPLETED", status.path("state").asText(), status.toString());
        assertEquals(450, status.path("answered").asInt(), status.toString());
        assertEquals(0, status.path("failed").asInt(), status.toString());
        HttpResponse<String> results = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                platform.gateway() + "/api/v1/batch-predictions/" + batchId + "/results"))
                .header("X-API-Key", RealPlatform.VIEWER_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, results.statusCode(), results.body());
        List<String> lines = results.body().lines().toList();
        assertEquals(450, lines.size());
        assertEquals(450, lines.stream().map(line -> json(line).path("image").asText()).distinct().count(),
                "one line per image");
        for (String line : lines) {
            assertEquals(version, json(line).path("version").asInt(), line);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
