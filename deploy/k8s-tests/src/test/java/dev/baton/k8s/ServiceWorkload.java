package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * Real work for the services under test, so that the per-job and per-request meters exist when
 * {@link ServiceMetricsTest} scrapes them and its Prometheus has every dashboard panel's data: a small
 * two-class dataset in the object store, a long training job that is scraped while it runs (its
 * per-job gauges live only then) and then cancelled, a job on a one-class dataset that FAILS, a short
 * job that trains to SUCCEEDED and publishes version 1, predictions on it through the gateway and the
 * inference worker, then a second job of the same model whose version 2 the worker hot-swaps in and
 * answers with.
 */
final class ServiceWorkload {
    /** The submitter key the gateway under test is started with (an api-keys.properties, as on Kubernetes). */
    static final String API_KEY = "k8s-tests-" + UUID.randomUUID();
    /** A viewer key from the same file. */
    static final String VIEWER_KEY = "k8s-tests-viewer-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int gateway;
    private final int trainer;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    ServiceWorkload(Map<String, Integer> ports) {
        this.gateway = ports.get("api-gateway");
        this.trainer = ports.get("trainer-worker");
    }

    /**
     * Runs the workload.
     *
     * @return the metric names the trainer exposed while a job ran
     */
    Set<String> run() throws Exception {
        String dataset = "metrics-data-" + suffix;
        publishDataset(dataset);

        // Named clients from the mounted properties file: the viewer reads but may not submit.
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/api/v1/training-jobs"))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", VIEWER_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "a viewer may not submit");
        String oneClass = "metrics-bad-data-" + suffix;
        publishOneClassDataset(oneClass);

        String longJob = submit("metrics-long-" + suffix, dataset, 500);
        Set<String> whileRunning = scrapeTrainerWhileRunning(longJob);
        // Let Prometheus scrape the running job's per-job gauges too (scraped every second).
        Thread.sleep(2_500);
        assertEquals(202, post("/api/v1/training-jobs/" + longJob + "/cancel", "application/json", new byte[0])
                .statusCode(), "cancel of the long job");
        awaitState(longJob, "CANCELLED");

        long t0 = System.nanoTime();
        String badJob = submit("metrics-bad-" + suffix, oneClass, 2);
        String model = "metrics-model-" + suffix;
        String job = submit(model, dataset, 2);
        awaitState(badJob, "FAILED");
        awaitState(job, "SUCCEEDED");
        predict(model, 1);
        long t1 = System.nanoTime();
        String next = submit(model, dataset, 2);
        awaitState(next, "SUCCEEDED");
        predict(model, 2);
        System.out.printf("[k8s-tests] workload: FAILED and SUCCEEDED jobs with predictions %.1f s, version 2 and its hot"
                + " swap %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        return whileRunning;
    }

    /** A sealed dataset with a single class: a classifier cannot be trained on it, the job FAILS. */
    private void publishOneClassDataset(String name) throws IOException {
        ObjectStore store = ObjectStore.connect(new ObjectStoreConfig(System.getProperty("baton.s3.endpoint"),
                System.getProperty("baton.s3.access-key"), System.getProperty("baton.s3.secret-key"), "us-east-1"));
        for (int i = 0; i < 4; i++) {
            store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, "only", i + ".png"), png(0, 500 + i),
                    "image/png");
        }
        new AtomicPublisher(store).seal(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name), Map.of());
    }

    private void publishDataset(String name) throws IOException {
        ObjectStore store = ObjectStore.connect(new ObjectStoreConfig(System.getProperty("baton.s3.endpoint"),
                System.getProperty("baton.s3.access-key"), System.getProperty("baton.s3.secret-key"), "us-east-1"));
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 8; i++) {
                store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, "class" + c, i + ".png"),
                        png(c, c * 100 + i), "image/png");
            }
        }
        new AtomicPublisher(store).seal(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name), Map.of());
    }

    /** A 32 px PNG, red-ish for class 0 and blue-ish for class 1, with seeded noise. */
    private static byte[] png(int label, long seed) throws IOException {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int noise = random.nextInt(60);
                image.setRGB(x, y, label == 0 ? (180 + noise) << 16 | noise << 8 | noise
                        : noise << 16 | noise << 8 | (180 + noise));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private String submit(String model, String dataset, int epochs) throws Exception {
        String body = "{\"modelName\":\"" + model + "\",\"dataset\":\"" + dataset + "\",\"base\":\"mobilenet_v2\","
                + "\"pretrained\":\"none\",\"strategy\":\"full\",\"head\":\"gap\",\"epochs\":" + epochs
                // a random tiny base at the default lr 0.01 may diverge (and fail) within five epochs
                + ",\"learningRate\":0.001,\"batchSize\":4,\"imageSize\":32,\"widthMultiplier\":0.25,"
                + "\"augmentation\":false,\"seed\":7}";
        HttpResponse<String> r = post("/api/v1/training-jobs", "application/json", body.getBytes());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("jobId").asText();
    }

    private Set<String> scrapeTrainerWhileRunning(String jobId) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < end) {
            Set<String> names = MetricNames.inExposition(ServicesUnderTest.get(trainer, "/q/metrics").body());
            if (names.contains("baton_trainer_epoch_loss")) {
                return names;
            }
            String state = job(jobId).path("state").asText();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                fail("job " + jobId + " ended (" + state + ") before its first epoch was scraped: " + job(jobId));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no epoch gauge on the trainer within 4 minutes; job: " + job(jobId));
    }

    private void awaitState(String jobId, String wanted) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        JsonNode job = job(jobId);
        while (System.nanoTime() < end) {
            job = job(jobId);
            String state = job.path("state").asText();
            if (state.equals(wanted)) {
                return;
            }
            if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state)) {
                break;
            }
            Thread.sleep(500);
        }
        fail("job " + jobId + " did not reach " + wanted + ": " + job);
    }

    private void predict(String model, int version) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        HttpResponse<String> r = null;
        while (System.nanoTime() < end) {
            // 404 until the inference worker has loaded the new model from baton.models.published; the
            // previous version answers until the new one is swapped in.
            r = post("/api/v1/models/" + model + "/predict", "image/png", png(0, 4242));
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("version").asInt() == version) {
                assertEquals(400, post("/api/v1/models/" + model + "/predict", "image/png",
                        "not an image".getBytes()).statusCode(), "an undecodable image is the caller's error");
                return;
            }
            Thread.sleep(500);
        }
        fail("no prediction from version " + version + " of model " + model + ": " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
    }

    private JsonNode job(String jobId) throws Exception {
        HttpResponse<String> r = HTTP.send(request("/api/v1/training-jobs/" + jobId).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return HTTP.send(request(path).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + path))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", API_KEY);
    }
}
