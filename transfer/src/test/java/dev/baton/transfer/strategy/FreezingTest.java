package dev.baton.transfer.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.FreezableBlock;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.train.EpochListener;
import dev.baton.transfer.train.EpochMetrics;
import dev.baton.transfer.train.SyntheticData;
import dev.baton.transfer.train.TrainingContext;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.TransferTrainer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * For every strategy: parameters of frozen blocks (including BatchNorm running statistics) are
 * bit-for-bit unchanged after training, and those of trained blocks and the head change.
 */
class FreezingTest {

    private static final List<String> CLASSES = SyntheticData.classNames(3);

    /**
     * Snapshots every parameter when the first phase starts, i.e. after initialisation, and again
     * at the end of every epoch: the trainer returns the best epoch's weights, which may be an
     * earlier one than the last, so freezing is checked on what the last epoch left.
     */
    private static final class Snapshot implements EpochListener {
        final Map<String, float[]> values = new HashMap<>();
        final Map<String, float[]> lastEpoch = new HashMap<>();

        @Override
        public void onPhaseStart(TrainingContext context) {
            if (values.isEmpty()) {
                context.model().parameters().forEach((k, p) -> values.put(k, p.getArray().toFloatArray()));
            }
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
            context.model().parameters().forEach((k, p) -> lastEpoch.put(k, p.getArray().toFloatArray()));
        }
    }

    private static void assertFrozenPrefix(TransferModel model, Snapshot snapshot, int frozenBlocks) {
        Backbone backbone = model.backbone();
        Map<String, float[]> before = snapshot.values;
        int checkedFrozen = 0;
        int checkedTrained = 0;
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            String name = e.getKey();
            float[] after = snapshot.lastEpoch.get(name);
            int block = blockIndex(backbone, name);
            if (block >= 0 && block < frozenBlocks) {
                assertArrayEquals(before.get(name), after, 0f, name + " is frozen but changed");
                checkedFrozen++;
            } else {
                assertFalse(Arrays.equals(before.get(name), after), name + " is trained but unchanged");
                checkedTrained++;
            }
        }
        assertTrue(checkedTrained > 0);
        if (frozenBlocks > 0) {
            assertTrue(checkedFrozen > 0);
        }
    }

    /** @return the backbone block a parameter belongs to, or -1 for the head */
    private static int blockIndex(Backbone backbone, String name) {
        if (name.startsWith("head.")) {
            return -1;
        }
        List<FreezableBlock> blocks = backbone.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            Parameter p = backbone.parameters().get(name);
            if (blocks.get(i).getParameters().values().contains(p)) {
                return i;
            }
        }
        throw new IllegalStateException(name);
    }

    private static TrainingResult train(TrainingSpec spec, Snapshot snapshot, NDManager data) throws Exception {
        ArrayDataset train = SyntheticData.images(data, 24, 3, 32, 8, true, 1);
        ArrayDataset val = SyntheticData.images(data, 9, 3, 32, 9, false, 2);
        return new TransferTrainer(spec, CLASSES).addListener(snapshot).train(train, val);
    }

    private static TrainingSpec.Builder mobileNet() {
        return TrainingSpec.builder("mobilenet_v2").widthMultiplier(0.25).inputSize(32)
                .head(HeadSpec.gap(0.2f)).epochs(2).batchSize(8).learningRate(0.01f).seed(7);
    }

    @Test
    void fullTrainsEverything() throws Exception {
        Snapshot snapshot = new Snapshot();
        try (NDManager data = NDManager.newBaseManager();
                TrainingResult result = train(mobileNet().strategy(TrainingStrategy.FULL).build(), snapshot, data)) {
            assertFrozenPrefix(result.model(), snapshot, 0);
        }
    }

    @Test
    void fineTuneFreezesUpToNamedBlockIncludingBatchNormStatistics() throws Exception {
        Snapshot snapshot = new Snapshot();
        TrainingSpec spec = mobileNet().strategy(TrainingStrategy.FINE_TUNE)
                .freezeBoundary(FreezeBoundary.trainFrom("features.14")).build();
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(spec, snapshot, data)) {
            assertFrozenPrefix(result.model(), snapshot, 14);
            assertTrue(result.model().parameters().containsKey("features.13.conv.1.1.running_mean"));
        }
    }

    @Test
    void fineTuneUnfreezeLastBlocksOnVgg() throws Exception {
        Snapshot snapshot = new Snapshot();
        TrainingSpec spec = TrainingSpec.builder("vgg16").widthMultiplier(0.25).inputSize(32)
                .head(HeadSpec.dense(16, 0.5f)).epochs(1).batchSize(8).learningRate(0.01f).seed(7)
                .strategy(TrainingStrategy.FINE_TUNE).freezeBoundary(FreezeBoundary.unfreezeLast(2)).build();
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(spec, snapshot, data)) {
            assertFrozenPrefix(result.model(), snapshot, 3);
        }
    }

    @Test
    void featureExtractionFreezesTheWholeBaseWithAndWithoutCaching() throws Exception {
        for (boolean caching : new boolean[] {true, false}) {
            Snapshot snapshot = new Snapshot();
            TrainingSpec spec = mobileNet().strategy(TrainingStrategy.FEATURE_EXTRACTION).featureCaching(caching).build();
            try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(spec, snapshot, data)) {
                assertFrozenPrefix(result.model(), snapshot, 19);
            }
        }
    }

    @Test
    void twoPhaseFreezesThePrefixAndTrainsTheRest() throws Exception {
        Snapshot snapshot = new Snapshot();
        TrainingSpec spec = mobileNet().strategy(TrainingStrategy.TWO_PHASE).headEpochs(1).epochs(1)
                .freezeBoundary(FreezeBoundary.unfreezeLast(3)).build();
        try (NDManager data = NDManager.newBaseManager(); TrainingResult result = train(spec, snapshot, data)) {
            assertFrozenPrefix(result.model(), snapshot, 16);
            assertEquals(2, result.history().size());
            assertEquals(1, result.history().get(0).phase());
            assertEquals(2, result.history().get(1).phase());
            assertEquals(0.001, result.history().get(1).learningRate(), 1e-9);
        }
    }
}
