package dev.baton.transfer.auto;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import dev.baton.transfer.train.CountedDataset;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;

/** The first batches of a (shuffled) dataset: a probe trains on a random part of an epoch. */
final class LimitedDataset implements CountedDataset {
    private final Dataset delegate;
    private final int batches;
    private final long images;

    /**
     * @param delegate the dataset
     * @param batchSize its batch size
     * @param maxImages the most images to yield
     */
    LimitedDataset(Dataset delegate, int batchSize, long maxImages) {
        this.delegate = delegate;
        long available = CountedDataset.sizeOf(delegate);
        this.images = available > 0 ? Math.min(available, maxImages) : maxImages;
        this.batches = (int) Math.max(1, (images + batchSize - 1) / batchSize);
    }

    @Override
    public long size() {
        return images;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        Iterable<Batch> all = delegate.getData(manager);
        return () -> limit(all.iterator());
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executor) throws IOException, TranslateException {
        Iterable<Batch> all = delegate.getData(manager, executor);
        return () -> limit(all.iterator());
    }

    private Iterator<Batch> limit(Iterator<Batch> it) {
        return new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                return given < batches && it.hasNext();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                given++;
                return it.next();
            }
        };
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        delegate.prepare(progress);
    }
}
