package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.strategy.TrainingStrategy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every head learns a small separable dataset on the features of a frozen, randomly initialised
 * VGG16 (cached): training loss goes down.
 */
class HeadTrainingTest {

    @ParameterizedTest
    @EnumSource(HeadType.class)
    void lossGoesDown(HeadType type) throws Exception {
        HeadSpec head = switch (type) {
            case DENSE -> HeadSpec.dense(32, 0.2f);
            case GAP -> HeadSpec.gap(0.1f);
            case SVM -> HeadSpec.svm(1e-4f);
        };
        TrainingSpec spec = TrainingSpec.builder("vgg16").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.FEATURE_EXTRACTION).featureCaching(true).head(head).epochs(10)
                .batchSize(8).learningRate(0.5f).seed(11).build();
        try (NDManager data = NDManager.newBaseManager();
                TrainingResult result = new TransferTrainer(spec, SyntheticData.classNames(3)).train(
                        SyntheticData.images(data, 48, 3, 32, 8, true, 3),
                        SyntheticData.images(data, 12, 3, 32, 6, false, 4))) {
            List<EpochMetrics> h = result.history();
            assertEquals(10, h.size());
            double first = h.get(0).trainLoss();
            double last = h.get(h.size() - 1).trainLoss();
            assertTrue(last < first, type + ": train loss " + first + " → " + last);
            assertEquals(12, sum(result.finalValidation().confusionMatrix()));
        }
    }

    private static int sum(int[][] matrix) {
        int s = 0;
        for (int[] row : matrix) {
            for (int v : row) {
                s += v;
            }
        }
        return s;
    }
}
