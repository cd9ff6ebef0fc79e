package dev.baton.transfer.train;

import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;

/**
 * A dataset that knows how many records it yields per pass, so that a learning-rate schedule can
 * move every batch and a resumed job recomputes the same rates. DJL's {@link RandomAccessDataset}s
 * know it already; a wrapper implements this.
 */
public interface CountedDataset extends Dataset {

    /** @return records per pass */
    long size();

    /**
     * @param dataset any dataset
     * @return its records per pass, or 0 when it does not say
     */
    static long sizeOf(Dataset dataset) {
        if (dataset instanceof RandomAccessDataset r) {
            return r.size();
        }
        if (dataset instanceof CountedDataset c) {
            return c.size();
        }
        return 0;
    }
}
