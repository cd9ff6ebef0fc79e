package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job interrupted after epoch k and resumed from its checkpoint ends with the same parameters
 * and metrics as an uninterrupted job (TWO_PHASE: head phase with cached features, then a
 * fine-tune phase with momentum; DENSE head with dropout; shuffled data).
 */
class CheckpointResumeTest {

    private static final List<String> CLASSES = SyntheticData.classNames(3);

    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static TrainingSpec spec() {
        return TrainingSpec.builder("mobilenet_v2").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.TWO_PHASE).freezeBoundary(FreezeBoundary.unfreezeLast(4))
                .head(HeadSpec.dense(16, 0.5f)).headEpochs(2).epochs(2).batchSize(8)
                .learningRate(0.05f).seed(5).build();
    }

    private static Map<String, float[]> values(TrainingResult result) {
        Map<String, float[]> values = new TreeMap<>();
        result.model().parameters().forEach((k, p) -> values.put(k, p.getArray().toFloatArray()));
        return values;
    }

    /** Parameters and history of the uninterrupted job (computed once for all cases). */
    private record Uninterrupted(Map<String, float[]> values, List<EpochMetrics> history) {}

    private static Uninterrupted reference;

    private static synchronized Uninterrupted uninterrupted(ArrayDataset train, ArrayDataset val, Path dir)
            throws Exception {
        if (reference == null) {
            try (TrainingResult full = new TransferTrainer(spec(), CLASSES).checkpointDirectory(dir).train(train, val)) {
                reference = new Uninterrupted(values(full), full.history());
            }
        }
        return reference;
    }

    @ParameterizedTest(name = "interrupted after epoch {0}")
    @ValueSource(ints = {1, 2, 3})
    void resumedJobMatchesUninterruptedJob(int interruptAfter, @TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 24, 3, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 9, 3, 32, 9, false, 2);

            Uninterrupted uninterrupted = uninterrupted(train, val, tmp.resolve("a"));
            Map<String, float[]> expected = uninterrupted.values();
            List<EpochMetrics> expectedHistory = uninterrupted.history();
            assertEquals(4, expectedHistory.size());
            // Epochs are numbered across phases, never restarted: EPOCH events carry these numbers and
            // the console keys its curve points by them (job.js).
            assertEquals(List.of(1, 2, 3, 4), expectedHistory.stream().map(EpochMetrics::epoch).toList());
            assertEquals(List.of(1, 1, 2, 2), expectedHistory.stream().map(EpochMetrics::phase).toList());

            TransferTrainer first = new TransferTrainer(spec(), CLASSES).checkpointDirectory(tmp.resolve("b"))
                    .addListener(new EpochListener() {
                        @Override
                        public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
                            if (context.epoch() == interruptAfter) {
                                throw new Interrupted();
                            }
                        }
                    });
            assertThrows(Interrupted.class, () -> first.train(train, val));

            List<ProgressEvent> events = new ArrayList<>();
            try (TrainingResult resumed = new TransferTrainer(spec(), CLASSES)
                    .checkpointDirectory(tmp.resolve("b")).progress(events::add).resume(train, val)) {
                assertEquals(interruptAfter + 1,
                        ((ProgressEvent.EpochCompleted) events.get(0)).metrics().epoch(), "continues at k+1");
                Map<String, float[]> actual = values(resumed);
                assertEquals(expected.keySet(), actual.keySet());
                expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), 1e-5f, k));
                assertEquals(expectedHistory.size(), resumed.history().size());
                for (int i = 0; i < expectedHistory.size(); i++) {
                    assertEquals(expectedHistory.get(i).trainLoss(), resumed.history().get(i).trainLoss(), 1e-5);
                    assertEquals(expectedHistory.get(i).valLoss(), resumed.history().get(i).valLoss(), 1e-5);
                }
            }
        }
    }

    @Test
    void checkpointFolderHoldsStateParametersAndMomentum(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            List<ProgressEvent> events = new ArrayList<>();
            TrainingSpec spec = spec().toBuilder().strategy(TrainingStrategy.FULL).epochs(2).build();
            try (TrainingResult r = new TransferTrainer(spec, CLASSES).jobId("job-1").checkpointDirectory(tmp)
                    .progress(events::add)
                    .train(SyntheticData.images(data, 16, 3, 32, 8, true, 1), SyntheticData.images(data, 6, 3, 32, 6, false, 2))) {
                Path latest = new CheckpointStore(tmp).latest().orElseThrow();
                assertEquals("epoch-0002", latest.getFileName().toString());
                CheckpointState state = CheckpointStore.readState(latest);
                assertEquals(2, state.epoch());
                assertEquals("job-1", state.jobId());
                assertEquals(spec, state.spec());
                assertEquals(2, state.history().size());
                assertTrue(Files.size(latest.resolve(CheckpointStore.OPTIMIZER)) > 1000, "momentum buffers stored");
                assertTrue(Files.notExists(tmp.resolve("epoch-0001")), "older checkpoints are removed");
                long completed = events.stream().filter(e -> e instanceof ProgressEvent.EpochCompleted).count();
                long checkpointed = events.stream().filter(e -> e instanceof ProgressEvent.Checkpointed).count();
                assertEquals(2, completed);
                assertEquals(2, checkpointed);
                ProgressEvent.EpochCompleted last = (ProgressEvent.EpochCompleted) events.get(2);
                assertEquals(2, last.plannedEpochs());
                assertEquals(0, last.eta().toMillis());
                assertEquals("job-1", last.jobId());
            }
        }
    }

    @Test
    void resumeWithoutCheckpointIsATypedError(@TempDir Path tmp) {
        TransferTrainer trainer = new TransferTrainer(spec(), CLASSES).checkpointDirectory(tmp);
        assertThrows(NoCheckpointException.class, () -> trainer.resume(null, null));
    }
}
