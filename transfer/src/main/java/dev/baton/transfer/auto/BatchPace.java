package dev.baton.transfer.auto;

import dev.baton.transfer.train.EpochListener;
import dev.baton.transfer.train.TrainingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The steady pace of a short training run: seconds per image over its later batches, without the first
 * third, which pays for the engine's warm-up (kernel selection, first allocations). A depth probe's epoch
 * is short, so its average pace overstates what a fine-tuning epoch costs (Fashion-MNIST 10k, the whole
 * base: the probe's average predicted 87 s per epoch, the epochs took 58-68 s).
 */
final class BatchPace implements EpochListener {
    private final List<Long> batchEnds = new ArrayList<>();

    @Override
    public void onBatchEnd(TrainingContext context, float loss) {
        batchEnds.add(System.nanoTime());
    }

    /**
     * @param batchSize images per batch
     * @return seconds per training image over the later two thirds of the batches, if there were at least three
     */
    OptionalDouble secondsPerImage(int batchSize) {
        return secondsPerImage(batchEnds, batchSize);
    }

    /**
     * @param batchEnds when each batch ended, in nanoseconds
     * @param batchSize images per batch
     * @return seconds per image between the end of the first third of the batches and the last one
     */
    static OptionalDouble secondsPerImage(List<Long> batchEnds, int batchSize) {
        int n = batchEnds.size();
        if (n < 3) {
            return OptionalDouble.empty();
        }
        int from = n / 3;
        double seconds = (batchEnds.get(n - 1) - batchEnds.get(from - 1)) / 1e9;
        return OptionalDouble.of(seconds / ((double) (n - from) * batchSize));
    }
}
