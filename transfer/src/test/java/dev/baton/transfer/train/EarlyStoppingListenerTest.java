package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingListenerTest {

    private static List<EpochMetrics> losses(double... valLosses) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int i = 0; i < valLosses.length; i++) {
            history.add(new EpochMetrics(i + 1, 1, 0, 0, valLosses[i], 0, 0, 0.1, 0));
        }
        return history;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        assertFalse(EarlyStoppingListener.shouldStop(losses(1.0), 2));
        assertFalse(EarlyStoppingListener.shouldStop(losses(1.0, 0.9, 0.95), 2));
        assertTrue(EarlyStoppingListener.shouldStop(losses(1.0, 0.9, 0.95, 0.91), 2));
        assertFalse(EarlyStoppingListener.shouldStop(losses(1.0, 0.9, 0.95, 0.8), 2));
        assertTrue(EarlyStoppingListener.shouldStop(losses(1.0, 1.0), 1), "equal loss is no improvement");
    }

    @Test
    void aStopRequestEndsOnlyTheCurrentPhase() throws Exception {
        TrainingSpec spec = TrainingSpec.builder("vgg16").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.TWO_PHASE).freezeBoundary(FreezeBoundary.unfreezeLast(1))
                .head(HeadSpec.gap(0f)).headEpochs(3).epochs(2).batchSize(4).learningRate(0.05f).seed(1).build();
        try (NDManager data = NDManager.newBaseManager();
                TrainingResult r = new TransferTrainer(spec, SyntheticData.classNames(2))
                        .addListener(new EpochListener() {
                            @Override
                            public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
                                if (context.phase() == 1) {
                                    context.requestPhaseStop();
                                }
                            }
                        })
                        .train(SyntheticData.images(data, 8, 2, 32, 4, true, 1),
                                SyntheticData.images(data, 4, 2, 32, 4, false, 2))) {
            assertEquals(List.of(1, 2, 2), r.history().stream().map(EpochMetrics::phase).toList());
            assertEquals(List.of(1, 2, 3), r.history().stream().map(EpochMetrics::epoch).toList());
        }
    }
}
