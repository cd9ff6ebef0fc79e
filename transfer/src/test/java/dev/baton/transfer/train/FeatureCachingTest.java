package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.TrainingStrategy;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * With feature caching the training images go through the frozen backbone once for the whole
 * job, without it once per epoch.
 */
class FeatureCachingTest {

    /** Counts how often a dataset is read from start to end. */
    private static final class CountingDataset implements Dataset {
        private final Dataset delegate;
        int passes;

        CountingDataset(Dataset delegate) {
            this.delegate = delegate;
        }

        @Override
        public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
            passes++;
            return delegate.getData(manager);
        }

        @Override
        public void prepare(Progress progress) throws IOException, TranslateException {
            delegate.prepare(progress);
        }
    }

    private static int trainPasses(boolean caching) throws Exception {
        TrainingSpec spec = TrainingSpec.builder("vgg16").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.FEATURE_EXTRACTION).featureCaching(caching)
                .head(HeadSpec.gap(0.1f)).epochs(4).batchSize(4).learningRate(0.1f).seed(2).build();
        try (NDManager data = NDManager.newBaseManager()) {
            CountingDataset train = new CountingDataset(SyntheticData.images(data, 8, 2, 32, 4, true, 1));
            try (TrainingResult r = new TransferTrainer(spec, SyntheticData.classNames(2))
                    .train(train, SyntheticData.images(data, 4, 2, 32, 4, false, 2))) {
                assertEquals(4, r.history().size());
            }
            return train.passes;
        }
    }

    @Test
    void cachedJobReadsTheTrainingImagesOnce() throws Exception {
        assertEquals(1, trainPasses(true));
        assertEquals(4, trainPasses(false));
    }
}
