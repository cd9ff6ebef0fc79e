package dev.baton.transfer.data;

import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Sampler;

/**
 * How a shuffled training set is cut into batches, in one place for the samplers and the trainer's
 * batch count. A last batch of fewer than half the batch size is dropped: BatchNorm in training mode
 * normalises over the batch, and two images (at 1 × 1 spatial size in the last blocks) give statistics
 * so noisy that a tiny MobileNetV2 never learned a two-colour task at learning rate 0.001 and
 * sometimes went to NaN, while the same job with whole batches converged. The order is reshuffled
 * every epoch, so a different handful of images sits out each time and none is lost for good. A set
 * smaller than one batch keeps all of it.
 */
public final class TrainingBatches {

    private TrainingBatches() {}

    /**
     * @param images training images per epoch
     * @param batchSize batch size
     * @return whether the last, partial batch is dropped
     */
    public static boolean dropsLast(long images, int batchSize) {
        long rest = images % batchSize;
        return images > batchSize && rest > 0 && 2 * rest < batchSize;
    }

    /**
     * @param images training images per epoch
     * @param batchSize batch size
     * @return batches per training epoch
     */
    public static int perEpoch(long images, int batchSize) {
        long batches = dropsLast(images, batchSize) ? images / batchSize : (images + batchSize - 1) / batchSize;
        return (int) batches;
    }

    /**
     * @param order the per-epoch order of the images
     * @param images training images per epoch
     * @param batchSize batch size
     * @return a batch sampler over {@code order} that follows {@link #dropsLast}
     */
    public static BatchSampler sampler(Sampler.SubSampler order, long images, int batchSize) {
        return new BatchSampler(order, batchSize, dropsLast(images, batchSize));
    }
}
