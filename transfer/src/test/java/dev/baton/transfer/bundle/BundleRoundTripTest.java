package dev.baton.transfer.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.ScoreType;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.SyntheticData;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.TransferTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleRoundTripTest {

    private static final List<String> CLASSES = SyntheticData.classNames(3);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private static TrainingResult train(HeadSpec head, NDManager data) throws Exception {
        TrainingSpec spec = TrainingSpec.builder("mobilenet_v2").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.FINE_TUNE).freezeBoundary(FreezeBoundary.trainFrom("features.16"))
                .head(head).epochs(2).batchSize(8).learningRate(0.05f).seed(3).build();
        return new TransferTrainer(spec, CLASSES).jobId("job-42").train(
                SyntheticData.images(data, 16, 3, 32, 8, true, 1), SyntheticData.images(data, 6, 3, 32, 6, false, 2));
    }

    private static NDArray images(NDManager m) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(99);
        return m.randomNormal(new Shape(5, 3, 32, 32));
    }

    @Test
    void savedAndLoadedBundlePredictsIdentically(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(HeadSpec.gap(0.2f), data)) {
            Path dir = tmp.resolve("bundle");
            new BundleWriter(CLOCK).write(result, Normalization.IMAGENET, dir);
            assertTrue(Files.isRegularFile(dir.resolve("manifest.json")));
            assertTrue(Files.isRegularFile(dir.resolve("parameters.params")));

            NDArray x = images(data);
            List<Prediction> expected = new BundlePredictor(result.model(), CLASSES, ScoreType.PROBABILITY, 32).predict(x, 3);
            try (ModelBundle bundle = ModelBundle.load(dir)) {
                List<Prediction> actual = bundle.predictor().predict(x, 3);
                assertEquals(expected, actual);
                float sum = 0;
                for (ClassScore s : actual.get(0).top()) {
                    sum += s.score();
                }
                assertEquals(1f, sum, 1e-5, "probabilities");
                assertEquals(2, bundle.predictor().predict(x, 2).get(0).top().size());

                BundleManifest m = bundle.manifest();
                assertEquals(BundleManifest.SCHEMA_VERSION, m.schemaVersion());
                assertEquals("mobilenet_v2", m.baseModel());
                assertEquals("random-init", m.weightsProvenance());
                assertEquals("probability", m.scoreType());
                assertEquals(CLASSES, m.classNames());
                assertEquals(32, m.inputSize());
                assertEquals(Normalization.IMAGENET, m.normalization());
                assertEquals(result.spec(), m.training());
                assertEquals(2, m.epochs().size());
                assertEquals(3, m.finalValidation().confusionMatrix().length);
                assertEquals("2026-01-02T03:04:05Z", m.createdAt());
                assertEquals("job-42", m.sourceJobId());
                assertEquals(TrainingStrategy.FINE_TUNE, m.strategy());
            }
        }
    }

    @Test
    void predictorIsThreadSafe(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(HeadSpec.dense(16, 0.5f), data)) {
            Path dir = tmp.resolve("bundle");
            new BundleWriter(CLOCK).write(result, Normalization.IMAGENET, dir);
            float[] image = images(data).get(0).toFloatArray();
            try (ModelBundle bundle = ModelBundle.load(dir)) {
                List<Prediction> expected = bundle.predictor().predict(List.of(image, image), 3);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<List<Prediction>>> futures = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        futures.add(pool.submit(() -> bundle.predictor().predict(List.of(image, image), 3)));
                    }
                    for (Future<List<Prediction>> f : futures) {
                        assertEquals(expected, f.get());
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    @Test
    void svmBundleDeclaresMarginScores(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(HeadSpec.svm(1e-3f), data)) {
            Path dir = tmp.resolve("bundle");
            new BundleWriter(CLOCK).write(result, Normalization.SYMMETRIC, dir);
            JsonNode json = BundleFiles.JSON.readTree(dir.resolve("manifest.json").toFile());
            assertEquals("margin", json.get("scoreType").asText());
            try (ModelBundle bundle = ModelBundle.load(dir)) {
                assertEquals(ScoreType.MARGIN, bundle.predictor().scoreType());
                List<Prediction> p = bundle.predictor().predict(images(data), 3);
                assertEquals(5, p.size());
                assertTrue(p.get(0).top().get(0).score() >= p.get(0).top().get(1).score());
            }
        }
    }

    /** A bundle published before the schema grew (version 1) still loads and predicts the same. */
    @Test
    void versionOneBundleStillLoads(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(HeadSpec.gap(0.2f), data)) {
            Path dir = tmp.resolve("bundle");
            new BundleWriter(CLOCK).write(result, Normalization.IMAGENET, dir);
            ObjectNode json = (ObjectNode) BundleFiles.JSON.readTree(dir.resolve("manifest.json").toFile());
            json.put("schemaVersion", 1);
            json.remove(List.of("bestEpoch", "lastEpoch", "test", "search"));
            ((ObjectNode) json.get("training")).remove(List.of("optimizer", "weightDecay", "labelSmoothing",
                    "schedule", "warmupEpochs", "baseLearningRateScale"));
            BundleFiles.JSON.writeValue(dir.resolve("manifest.json").toFile(), json);

            NDArray x = images(data);
            List<Prediction> expected = new BundlePredictor(result.model(), CLASSES, ScoreType.PROBABILITY, 32).predict(x, 3);
            try (ModelBundle bundle = ModelBundle.load(dir)) {
                assertEquals(1, bundle.manifest().schemaVersion());
                assertEquals(0, bundle.manifest().bestEpoch());
                assertEquals(expected, bundle.predictor().predict(x, 3));
            }
        }
    }

    @Test
    void missingOrForeignBundleIsATypedError(@TempDir Path tmp) throws Exception {
        assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp));
        Files.writeString(tmp.resolve("manifest.json"), "{\"schemaVersion\": 99}");
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> ModelBundle.load(tmp));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }
}
