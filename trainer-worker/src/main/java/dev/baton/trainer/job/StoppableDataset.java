package dev.baton.trainer.job;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import dev.baton.transfer.train.CountedDataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;

/**
 * A dataset that checks a {@link StopSignal} before every batch, so that a cancel or a shutdown
 * stops training between batches without any support from the engine.
 */
public final class StoppableDataset implements CountedDataset {
    private final Dataset delegate;
    private final StopSignal signal;

    /**
     * @param delegate the real dataset
     * @param signal checked before every batch
     */
    public StoppableDataset(Dataset delegate, StopSignal signal) {
        this.delegate = delegate;
        this.signal = signal;
    }

    @Override
    public long size() {
        return CountedDataset.sizeOf(delegate);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        return guard(delegate.getData(manager));
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executor)
            throws IOException, TranslateException {
        return guard(delegate.getData(manager, executor));
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        delegate.prepare(progress);
    }

    private Iterable<Batch> guard(Iterable<Batch> batches) {
        return () -> {
            Iterator<Batch> it = batches.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    signal.check();
                    return it.hasNext();
                }

                @Override
                public Batch next() {
                    signal.check();
                    return it.next();
                }
            };
        };
    }
}
