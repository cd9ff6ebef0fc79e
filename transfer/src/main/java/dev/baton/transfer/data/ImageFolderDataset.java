package dev.baton.transfer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A DJL {@link RandomAccessDataset} over an {@link ImageFolderIndex}: record {@code i} is the
 * preprocessed image, shape (3, H, W) float32, and its label, a scalar of the chosen label type.
 * With DJL's default stack batchifier, batches are (N, 3, H, W) data and (N) labels; use it with
 * {@code EasyTrain.fit} / {@code trainer.iterateDataset}.
 *
 * <p>Augmentation is reproducible: the k-th fetch of sample {@code i} draws from a generator seeded
 * by ({@code seed}, {@code i}, {@code k}), independent of thread scheduling and batch order. Images
 * come through an {@link ImageLoader}, which decodes each file once when its cache is on.
 */
public final class ImageFolderDataset extends RandomAccessDataset {
    private final List<Sample> samples;
    private final List<String> classNames;
    private final ImagePreprocessor preprocessor;
    private final Augmentation augmentation;
    private final ImageLoader loader;
    private final long seed;
    private final DataType labelType;
    private final AtomicIntegerArray draws;

    private ImageFolderDataset(Builder builder) {
        super(builder);
        this.samples = builder.index.samples();
        this.classNames = builder.index.classNames();
        this.preprocessor = builder.preprocessor;
        this.augmentation = builder.augmentation;
        this.loader = builder.loader != null ? builder.loader
                : ImageLoader.forInputSize(Math.max(preprocessor.height(), preprocessor.width()));
        this.seed = builder.seed;
        this.labelType = builder.labelType;
        this.draws = new AtomicIntegerArray(samples.size());
    }

    /** A new builder; {@code setIndex}, {@code setPreprocessor} and {@code setSampling} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) throws UnreadableImageException {
        int i = Math.toIntExact(index);
        Sample sample = samples.get(i);
        BufferedImage image = loader.load(sample.path());
        Random rng = augmentation.isIdentity() ? null : new Random(mix(seed, i, draws.getAndIncrement(i)));
        NDArray data = preprocessor.toNDArray(manager, image, augmentation, rng);
        NDArray label = manager.create(sample.label()).toType(labelType, false);
        return new Record(new NDList(data), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return samples.size();
    }

    @Override
    public void prepare(Progress progress) {
        // Nothing to download or extract: the index already points at local files.
    }

    /** The class names; label {@code i} is {@code classNames().get(i)}. */
    public List<String> classNames() {
        return classNames;
    }

    /** The loader (decode counter, cache size) for measurements. */
    public ImageLoader loader() {
        return loader;
    }

    /** Restarts the augmentation streams, so the next epoch repeats the first one. */
    public void resetAugmentation() {
        for (int i = 0; i < draws.length(); i++) {
            draws.set(i, 0);
        }
    }

    static long mix(long seed, int index, int draw) {
        long h = seed ^ 0x9E3779B97F4A7C15L * (index + 1L) ^ 0xC2B2AE3D27D4EB4FL * (draw + 1L);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** Builder; inherits DJL's sampling, batchifier and prefetch options. */
    public static final class Builder extends BaseBuilder<Builder> {
        private ImageFolderIndex index;
        private ImagePreprocessor preprocessor;
        private Augmentation augmentation = Augmentation.NONE;
        private ImageLoader loader;
        private long seed;
        private DataType labelType = DataType.FLOAT32;

        @Override
        protected Builder self() {
            return this;
        }

        /** The samples (e.g. one part of a {@link DatasetSplit}). */
        public Builder setIndex(ImageFolderIndex index) {
            this.index = index;
            return this;
        }

        /** Resize and normalisation for the backbone. */
        public Builder setPreprocessor(ImagePreprocessor preprocessor) {
            this.preprocessor = preprocessor;
            return this;
        }

        /** Training augmentation; default {@link Augmentation#NONE} (use that for validation). */
        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation);
            return this;
        }

        /** The image loader; default {@link ImageLoader#forInputSize} with the default cache. */
        public Builder optLoader(ImageLoader loader) {
            this.loader = loader;
            return this;
        }

        /** Augmentation seed; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Label type: {@link DataType#FLOAT32} (default), INT32 or INT64. */
        public Builder optLabelType(DataType labelType) {
            if (labelType != DataType.FLOAT32 && labelType != DataType.INT32 && labelType != DataType.INT64) {
                throw new IllegalArgumentException("label type must be FLOAT32, INT32 or INT64: " + labelType);
            }
            this.labelType = labelType;
            return this;
        }

        /** Builds the dataset. */
        public ImageFolderDataset build() {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(preprocessor, "preprocessor");
            if (getSampler() == null) {
                throw new IllegalStateException("call setSampling(batchSize, shuffle) or setSampling(sampler)");
            }
            return new ImageFolderDataset(this);
        }
    }
}
