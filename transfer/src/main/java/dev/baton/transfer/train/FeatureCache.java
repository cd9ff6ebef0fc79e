package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a frozen backbone once over a dataset (inference mode) and keeps the feature maps with
 * their labels, so a head can be trained for many epochs at the cost of one backbone pass. The
 * source dataset is read once: random augmentation in it is applied once, i.e. effectively off.
 *
 * <p>For heads that start with global average pooling (GAP, SVM) the cache keeps the pooled
 * features, shaped (N, C, 1, 1): the head's own pooling of a 1x1 map is the identity, so it computes
 * the same scores, and the cache is H·W times smaller than the feature maps.
 */
final class FeatureCache {

    private FeatureCache() {}

    /**
     * @param backbone the frozen backbone block
     * @param source images and labels
     * @param cacheManager owns the cached features (close it to free them)
     * @param batchSize batch size of the returned dataset
     * @param shuffle whether the returned dataset shuffles (seeded by the engine seed)
     * @param pool whether to keep globally average-pooled features instead of whole maps
     * @return features (N, C, H, W), or (N, C, 1, 1) when pooled, and labels as a dataset
     */
    static ArrayDataset build(Block backbone, Dataset source, NDManager cacheManager, int batchSize,
            boolean shuffle, boolean pool) throws IOException, TranslateException {
        ParameterStore parameterStore = new ParameterStore(cacheManager, false);
        List<NDArray> features = new ArrayList<>();
        List<NDArray> labels = new ArrayList<>();
        try (NDManager parts = cacheManager.newSubManager()) {
            for (Batch batch : source.getData(parts)) {
                try (batch; NDManager scope = parts.newSubManager()) {
                    NDList data = batch.getData().toDevice(cacheManager.getDevice(), false);
                    data.attach(scope);
                    NDArray f = backbone.forward(parameterStore, data, false).singletonOrThrow();
                    if (pool) {
                        // the head's own pooling op, so the cached values are exactly what it computes
                        Shape s = f.getShape();
                        f = Pool.globalAvgPool2d(f).reshape(s.get(0), s.get(1), 1, 1);
                    }
                    f.attach(parts);
                    NDArray y = batch.getLabels().singletonOrThrow().toDevice(cacheManager.getDevice(), false);
                    y.attach(parts);
                    features.add(f);
                    labels.add(y);
                }
            }
            NDArray allFeatures = NDArrays.concat(new NDList(features));
            NDArray allLabels = NDArrays.concat(new NDList(labels));
            allFeatures.attach(cacheManager);
            allLabels.attach(cacheManager);
            return new ArrayDataset.Builder()
                    .setData(allFeatures)
                    .optLabels(allLabels)
                    .setSampling(batchSize, shuffle)
                    .build();
        }
    }
}
