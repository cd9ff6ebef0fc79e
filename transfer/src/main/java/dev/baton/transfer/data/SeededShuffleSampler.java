package dev.baton.transfer.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shuffling {@link Sampler.SubSampler} with its own seed (DJL's {@code RandomSampler} draws from
 * a process-wide generator). Pass k ({@code k = 0, 1, ...}) of {@link #sample} uses the
 * permutation of {@code new Random(seed + k)}, so a run's epoch orders are reproducible. Wrap in a
 * {@link ai.djl.training.dataset.BatchSampler} for training.
 */
public final class SeededShuffleSampler implements Sampler.SubSampler {
    private final long seed;
    private final AtomicInteger pass = new AtomicInteger();

    public SeededShuffleSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        List<Long> order = new ArrayList<>();
        for (long i = 0; i < dataset.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed + pass.getAndIncrement()));
        return order.iterator();
    }
}
