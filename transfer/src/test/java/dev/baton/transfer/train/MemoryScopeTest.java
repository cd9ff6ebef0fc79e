package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.TrainingStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches run in their own managers: the model's manager holds no more arrays after more epochs. */
class MemoryScopeTest {

    @Test
    void arraysOnTheModelManagerDoNotGrowWithEpochs() throws Exception {
        for (HeadSpec head : List.of(HeadSpec.svm(1e-3f), HeadSpec.dense(8, 0.5f))) {
            List<Integer> counts = new ArrayList<>();
            TrainingSpec spec = TrainingSpec.builder("mobilenet_v2").widthMultiplier(0.25).inputSize(32)
                    .strategy(TrainingStrategy.FULL).head(head).epochs(3).batchSize(4).learningRate(0.01f).seed(1).build();
            try (NDManager data = NDManager.newBaseManager();
                    TrainingResult r = new TransferTrainer(spec, SyntheticData.classNames(2))
                            .addListener(new EpochListener() {
                                @Override
                                public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
                                    counts.add(context.model().manager().getManagedArrays().size());
                                }
                            })
                            .train(SyntheticData.images(data, 12, 2, 32, 4, true, 1),
                                    SyntheticData.images(data, 4, 2, 32, 4, false, 2))) {
                assertEquals(counts.get(0), counts.get(2), head.type() + ": " + counts);
            }
        }
    }
}
