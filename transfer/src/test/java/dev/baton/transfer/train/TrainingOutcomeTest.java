package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.TrainingStrategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job hands back: the weights of its best epoch (not merely its last), recorded as such, and
 * no model at all when its loss diverges.
 */
class TrainingOutcomeTest {
    private static final List<String> CLASSES = SyntheticData.classNames(4);
    /** The sabotaged last epoch of the best-epoch case. */
    private static final int LAST = 6;

    private static TrainingSpec.Builder spec() {
        return TrainingSpec.builder("mobilenet_v2").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.FULL).head(HeadSpec.gap(0f)).epochs(3).batchSize(8)
                .learningRate(0.01f).seed(3);
    }

    /** Before the last epoch the head is zeroed (every score equal) and its learning rate is 0. */
    private static EpochListener sabotageLastEpoch() {
        return new EpochListener() {
            @Override
            public void onEpochStart(TrainingContext context) {
                if (context.epoch() == LAST) {
                    context.optimizer().setLearningRate(0f);
                    context.model().head().parameters().values().forEach(p -> p.getArray().muli(0));
                }
            }

            @Override
            public void onBatchStart(TrainingContext context) {
                if (context.epoch() == LAST) {
                    context.optimizer().setLearningRate(0f);
                }
            }
        };
    }

    @Test
    void withPublishLastEpochTheLastEpochIsWhatTheJobReturns(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 96, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 16, 4, 32, 8, false, 2);
            try (TrainingResult r = new TransferTrainer(spec().epochs(LAST).publishLastEpoch(true).build(), CLASSES)
                    .checkpointDirectory(tmp).addListener(sabotageLastEpoch()).train(train, val)) {
                List<EpochMetrics> h = r.history();
                assertEquals(LAST, h.size());
                assertTrue(h.stream().limit(LAST - 1).anyMatch(m -> m.valAccuracy() > h.get(LAST - 1).valAccuracy()),
                        "an earlier epoch is better: " + h);
                assertEquals(LAST, r.bestEpoch(), "the epoch published is recorded");
                assertEquals(h.get(LAST - 1).valAccuracy(), r.finalValidation().accuracy(), 1e-9,
                        "the returned model scores what the last epoch scored");
            }
        }
    }

    @Test
    void theBestEpochIsWhatTheJobReturns(@TempDir Path tmp) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 96, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 16, 4, 32, 8, false, 2);
            // The last epoch is sabotaged, so it is worse than the best before it: the job must hand back the best
            // epoch's weights.
            try (TrainingResult r = new TransferTrainer(spec().epochs(LAST).build(), CLASSES)
                    .checkpointDirectory(tmp).addListener(sabotageLastEpoch()).train(train, val)) {
                List<EpochMetrics> h = r.history();
                assertEquals(LAST, h.size());
                EpochMetrics best = null;
                for (EpochMetrics m : h.subList(0, LAST - 1)) {
                    best = BestEpoch.better(m, best) ? m : best;
                }
                assertTrue(h.get(LAST - 1).valAccuracy() < best.valAccuracy(), "the last epoch is worse: " + h);
                assertEquals(best.epoch(), r.bestEpoch());
                assertEquals(best.valAccuracy(), r.finalValidation().accuracy(), 1e-9,
                        "the returned model scores what its best epoch scored");
            }
        }
    }

    @Test
    void aJobWhoseLossTurnsNanFailsAndReturnsNothing() throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 32, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 16, 4, 32, 8, false, 2);
            NDArray nan = data.create(Float.NaN);
            // a NaN weight in the head, as an exploding update leaves it
            EpochListener poison = new EpochListener() {
                @Override
                public void onBatchStart(TrainingContext context) {
                    if (context.epoch() == 2 && context.batchInEpoch() == 1) {
                        context.model().head().parameters().values().iterator().next().getArray().muli(nan);
                    }
                }
            };
            TransferTrainer trainer = new TransferTrainer(spec().build(), CLASSES).addListener(poison);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.train(train, val));
            assertEquals(2, e.epoch());
            assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
        }
    }
}
