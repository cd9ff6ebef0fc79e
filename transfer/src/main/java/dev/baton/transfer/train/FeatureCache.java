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
import ai.djl.training.dataset.RandomSampler;
import ai.djl.translate.TranslateException;
import dev.baton.transfer.data.TrainingBatches;
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
public final class FeatureCache {

    private FeatureCache() {}

    /**
     * Features and labels of a whole dataset, owned by the manager given to {@link #extract}.
     *
     * @param features (N, C, H, W), or (N, C, 1, 1) when pooled
     * @param labels (N) or (N, 1) class indices
     */
    public record Features(NDArray features, NDArray labels) {

        /** @return the number of images */
        public long size() {
            return features.getShape().get(0);
        }

        /** @return the bytes the features take */
        public long bytes() {
            return features.size() * features.getDataType().getNumOfBytes();
        }

        /**
         * @param manager owns the result
         * @return globally average-pooled features, (N, C, 1, 1), with the same labels
         */
        public Features pooled(NDManager manager) {
            Shape s = features.getShape();
            NDArray p = Pool.globalAvgPool2d(features).reshape(s.get(0), s.get(1), 1, 1);
            p.attach(manager);
            return new Features(p, labels);
        }

        /**
         * @param batchSize batch size
         * @param shuffle whether batches are shuffled (seeded by the engine seed)
         * @return a dataset over these features
         */
        public ArrayDataset dataset(int batchSize, boolean shuffle) {
            ArrayDataset.Builder builder = new ArrayDataset.Builder().setData(features).optLabels(labels);
            if (shuffle) {
                builder.setSampling(TrainingBatches.sampler(new RandomSampler(), features.getShape().get(0), batchSize));
            } else {
                builder.setSampling(batchSize, false);
            }
            return builder.build();
        }
    }

    /**
     * @param backbone the frozen backbone block
     * @param source images and labels
     * @param cacheManager owns the cached features (close it to free them)
     * @param batchSize batch size of the returned dataset
     * @param shuffle whether the returned dataset shuffles (seeded by the engine seed)
     * @param pool whether to keep globally average-pooled features instead of whole maps
     * @return features (N, C, H, W), or (N, C, 1, 1) when pooled, and labels as a dataset
     * @throws IOException on data I/O failure
     * @throws TranslateException if a batch cannot be made
     */
    public static ArrayDataset build(Block backbone, Dataset source, NDManager cacheManager, int batchSize,
            boolean shuffle, boolean pool) throws IOException, TranslateException {
        return extract(backbone, source, cacheManager, pool).dataset(batchSize, shuffle);
    }

    /**
     * Runs the backbone once over a dataset in inference mode.
     *
     * @param backbone the frozen backbone block
     * @param source images and labels
     * @param cacheManager owns the result (close it to free it)
     * @param pool whether to keep globally average-pooled features instead of whole maps
     * @return the features and labels
     * @throws IOException on data I/O failure
     * @throws TranslateException if a batch cannot be made
     */
    public static Features extract(Block backbone, Dataset source, NDManager cacheManager, boolean pool)
            throws IOException, TranslateException {
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
            return new Features(allFeatures, allLabels);
        }
    }
}
