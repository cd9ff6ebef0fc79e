package dev.baton.inference.serving;

import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.LoadedModel;
import dev.baton.transfer.bundle.ClassScore;
import dev.baton.transfer.bundle.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Groups requests for the same model version into batches: a batch runs as soon as it holds
 * {@code maxBatch} requests, or when its oldest request has waited {@code maxDelay}, whichever
 * comes first, or (with {@code dispatchWhenIdle}) as soon as nothing else is queued and no
 * request is on its way ({@link #expect()}): waiting would only add latency, since nothing could
 * join the batch. While a batch computes, newer requests queue, so under load batches fill up by
 * themselves. Each worker thread (a serving lane) runs its own batches and takes at most one
 * batch's worth of requests at a time, leaving the rest to the other lanes; every request's model
 * reference is released after its batch.
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    private final int maxBatch;
    private final long maxDelayNanos;
    private final InferenceMetrics metrics;
    private final boolean dispatchWhenIdle;
    private final AtomicInteger arriving = new AtomicInteger();
    private final BlockingQueue<PendingInference> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean open = true;

    /**
     * @param maxBatch the largest batch
     * @param maxDelay how long the first request of a batch may wait for more
     * @param workers threads that run batches
     * @param metrics meters
     */
    public DynamicBatcher(int maxBatch, Duration maxDelay, int workers, InferenceMetrics metrics) {
        this(maxBatch, maxDelay, workers, true, metrics);
    }

    /**
     * @param maxBatch the largest batch
     * @param maxDelay how long the first request of a batch may wait for more
     * @param workers threads that run batches
     * @param dispatchWhenIdle run a partial batch at once when nothing else is queued or on its way
     * @param metrics meters
     */
    public DynamicBatcher(int maxBatch, Duration maxDelay, int workers, boolean dispatchWhenIdle,
            InferenceMetrics metrics) {
        if (maxBatch < 1 || workers < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatch and workers must be 1 or more, maxDelay not negative");
        }
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.metrics = metrics;
        this.dispatchWhenIdle = dispatchWhenIdle;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::run, "baton-batcher-" + i);
            t.setDaemon(true);
            this.workers.add(t);
            t.start();
        }
    }

    /**
     * @param pending a request holding a model reference
     * @throws BatcherClosedException after {@link #close()}
     */
    public void submit(PendingInference pending) {
        if (!open) {
            throw new BatcherClosedException();
        }
        queue.add(pending);
    }

    /** @return requests waiting */
    public int queued() {
        return queue.size();
    }

    /**
     * Announces a request that is being prepared (fetched, decoded, resized): while any is, a
     * partial batch waits for it, up to {@code maxDelay}. The arrival must end with
     * {@link Arrival#submit} or {@link Arrival#cancel}; one that never does only makes partial
     * batches wait their full {@code maxDelay}.
     *
     * @return the announced arrival
     */
    public Arrival expect() {
        arriving.incrementAndGet();
        return new Arrival();
    }

    /** @return requests announced and neither submitted nor cancelled yet */
    public int arriving() {
        return arriving.get();
    }

    /** A request on its way to the batcher. */
    public final class Arrival {
        private final AtomicBoolean pending = new AtomicBoolean(true);

        private Arrival() {
        }

        /**
         * Submits the request (see {@link DynamicBatcher#submit}); the arrival ends.
         *
         * @param request a request holding a model reference
         */
        public void submit(PendingInference request) {
            // end the arrival first: the batcher, woken by the request, must see nothing else coming
            cancel();
            DynamicBatcher.this.submit(request);
        }

        /** Ends the arrival without a request (it failed before batching); idempotent. */
        public void cancel() {
            if (pending.compareAndSet(true, false)) {
                arriving.decrementAndGet();
            }
        }
    }

    private final class Bucket {
        final List<PendingInference> items = new ArrayList<>();
        long deadline;
    }

    private void run() {
        Map<LoadedModel, Bucket> buckets = new IdentityHashMap<>();
        List<PendingInference> drained = new ArrayList<>();
        while (open || !queue.isEmpty() || !buckets.isEmpty()) {
            try {
                long now = System.nanoTime();
                long wait = buckets.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(100) : Long.MAX_VALUE;
                for (Bucket b : buckets.values()) {
                    wait = Math.min(wait, Math.max(0, b.deadline - now));
                }
                PendingInference first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                if (first != null) {
                    drained.add(first);
                    // at most one batch: what is left stays queued for the other lanes
                    queue.drainTo(drained, maxBatch - 1);
                    for (PendingInference p : drained) {
                        Bucket b = buckets.computeIfAbsent(p.model(), m -> new Bucket());
                        if (b.items.isEmpty()) {
                            b.deadline = System.nanoTime() + maxDelayNanos;
                        }
                        b.items.add(p);
                        if (b.items.size() >= maxBatch) {
                            runBatch(new ArrayList<>(b.items));
                            b.items.clear();
                        }
                    }
                    drained.clear();
                }
                long after = System.nanoTime();
                boolean closing = !open;
                boolean idle = dispatchWhenIdle && queue.isEmpty() && arriving.get() == 0;
                for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
                    Bucket b = it.next();
                    if (b.items.isEmpty()) {
                        it.remove();
                    } else if (closing || idle || b.deadline - after <= 0) {
                        runBatch(new ArrayList<>(b.items));
                        it.remove();
                    }
                }
            } catch (InterruptedException e) {
                if (open) {
                    continue;
                }
            } catch (Throwable e) {
                survive(e, "batcher loop failed; continuing");
            }
        }
    }

    private void runBatch(List<PendingInference> batch) {
        LoadedModel model = batch.get(0).model();
        long start = System.nanoTime();
        try {
            List<float[]> inputs = new ArrayList<>(batch.size());
            int topK = 1;
            for (PendingInference p : batch) {
                inputs.add(p.input());
                topK = Math.max(topK, p.topK());
            }
            List<Prediction> out = model.predict(inputs, topK);
            long compute = System.nanoTime() - start;
            metrics.batch(compute, batch.size());
            for (int i = 0; i < batch.size(); i++) {
                PendingInference p = batch.get(i);
                List<ClassScore> top = out.get(i).top();
                long queueNanos = start - p.takenNanos();
                metrics.queued(queueNanos);
                deliver(p, top.subList(0, Math.min(p.topK(), top.size())), queueNanos, compute);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "batch of %d on %s failed", batch.size(), model);
            for (PendingInference p : batch) {
                try {
                    p.callback().failed(model, e);
                } catch (Throwable callbackError) {
                    survive(callbackError, "result callback failed");
                }
            }
        } finally {
            for (PendingInference p : batch) {
                p.model().release();
            }
        }
    }

    private static void deliver(PendingInference p, List<ClassScore> top, long queueNanos, long compute) {
        try {
            p.callback().predicted(p.model(), List.copyOf(top), queueNanos, compute);
        } catch (Throwable e) {
            survive(e, "result callback failed");
        }
    }

    /** Logs anything but a VM error (rethrown): a failing callback must never stop a batcher thread. */
    private static void survive(Throwable e, String what) {
        if (e instanceof VirtualMachineError vmError) {
            throw vmError;
        }
        LOG.error(what, e);
    }

    /** Stops taking work, runs what is queued, and waits for the workers to finish. */
    @Override
    public void close() {
        open = false;
        for (Thread t : workers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
