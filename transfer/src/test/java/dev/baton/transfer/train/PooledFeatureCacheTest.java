package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.TransferModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * For heads that start with global average pooling the feature cache keeps pooled features
 * (N, C, 1, 1), H·W times smaller than the maps, and the head trains to the same parameters as on
 * the whole maps.
 */
class PooledFeatureCacheTest {

    private static final int SIZE = 96; // MobileNetV2 maps are 3x3 here, so pooling matters

    private record Run(long cachedValues, Shape featureShape, List<float[]> headParams, double lastLoss) {}

    private static Run train(HeadSpec headSpec, boolean pool, Dataset train) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        Backbone backbone = BackboneFactory.create("mobilenet_v2", BackboneConfig.torch(0.25, SIZE));
        try (TransferModel model = TransferModel.create(backbone, HeadFactory.create(headSpec, 2), Device.cpu());
                MomentumSgd sgd = new MomentumSgd(model.manager(), 0.05f, 0.9f);
                NDManager cacheManager = model.manager().newSubManager()) {
            backbone.freezeFirst(backbone.blocks().size());
            for (Parameter p : model.head().parameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            ArrayDataset cached = FeatureCache.build(backbone.block(), train, cacheManager, 4, true, pool);
            NDArray features = cached.get(cacheManager, 0).getData().singletonOrThrow();
            long values = 0;
            for (NDArray a : cacheManager.getManagedArrays()) {
                if (a.getShape().dimension() == 4) {
                    values += a.getShape().size();
                }
            }
            EpochRunner runner = new EpochRunner(model.head().block(), model.head().parameters(),
                    TrainingLosses.forHead(model.head(), 0f), sgd, model.manager());
            double loss = 0;
            for (int epoch = 0; epoch < 4; epoch++) {
                Engine.getInstance().setRandomSeed(100 + epoch); // same shuffles and dropout masks
                loss = runner.train(cached).loss();
            }
            List<float[]> params = new ArrayList<>();
            for (Parameter p : model.head().parameters().values()) {
                params.add(p.getArray().toFloatArray());
            }
            return new Run(values, features.getShape(), params, loss);
        }
    }

    @Test
    void pooledCacheIsSmallerAndTrainsTheHeadToTheSameParameters() throws Exception {
        for (HeadSpec head : List.of(HeadSpec.gap(0.2f), HeadSpec.svm(1e-3f))) {
            try (NDManager data = NDManager.newBaseManager()) {
                Dataset train = SyntheticData.images(data, 12, 2, SIZE, 4, false, 1);
                Run maps = train(head, false, train);
                Run pooled = train(head, true, train);
                assertEquals(new Shape(1280, 3, 3), maps.featureShape(), head.type().name());
                assertEquals(new Shape(1280, 1, 1), pooled.featureShape(), head.type().name());
                assertEquals(12L * 1280 * 3 * 3, maps.cachedValues(), head.type().name());
                assertEquals(12L * 1280, pooled.cachedValues(), head.type().name());
                assertEquals(maps.lastLoss(), pooled.lastLoss(), 1e-4, head.type().name());
                for (int i = 0; i < maps.headParams().size(); i++) {
                    float[] a = maps.headParams().get(i);
                    float[] b = pooled.headParams().get(i);
                    assertEquals(a.length, b.length);
                    float maxDiff = 0;
                    for (int j = 0; j < a.length; j++) {
                        maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
                    }
                    assertTrue(maxDiff < 1e-5f, head.type() + " parameter " + i + " differs by " + maxDiff);
                }
                // the head did train (its output layer moved away from the zero bias it starts with)
                assertTrue(maxAbs(pooled.headParams().get(1)) > 1e-4f, head.type().name());
            }
        }
    }

    private static float maxAbs(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
