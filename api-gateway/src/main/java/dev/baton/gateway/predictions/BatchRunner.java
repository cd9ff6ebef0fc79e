package dev.baton.gateway.predictions;

import dev.baton.gateway.GatewaySettings;
import dev.baton.service.health.BackgroundHealth;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs the batches whose lease this gateway holds, from their first unfinished chunk, a few at a time
 * ({@code max-running}), and renews the leases of those it is running. Before each chunk it checks that it
 * still holds the lease, so a batch taken over by another gateway is left to it. A batch that stops on an
 * error keeps its lease and is resumed by {@link BatchRecovery}; an {@link Error} also turns liveness DOWN.
 */
@ApplicationScoped
public class BatchRunner {
    private static final Logger LOG = Logger.getLogger(BatchRunner.class);

    private final BatchStore store;
    private final BatchChunks chunks;
    private final GatewaySettings.Batches settings;
    private final String me;
    private final BackgroundHealth health;
    /** Batches given to this gateway's threads (running or waiting for one). */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    /** Batches a thread is working on: their leases are renewed. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private final ScheduledExecutorService heartbeat;

    BatchRunner(BatchStore store, BatchChunks chunks, GatewaySettings settings, GatewayInstance instance,
            BackgroundHealth health) {
        this.store = store;
        this.chunks = chunks;
        this.settings = settings.batches();
        this.me = instance.name();
        this.health = health;
        AtomicInteger number = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(this.settings.maxRunning(), task -> daemon(task,
                "batch-prediction-" + number.incrementAndGet()));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "batch-heartbeat"));
        long every = this.settings.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** @return whether this gateway runs (or is about to run) the batch */
    boolean runsHere(String batchId) {
        return claimed.contains(batchId);
    }

    /** Runs a batch whose lease this gateway has just taken, unless it already runs it. */
    void start(BatchLease lease) {
        if (claimed.add(lease.batchId())) {
            threads.submit(() -> run(lease.batchId()));
        }
    }

    private void run(String batchId) {
        active.add(batchId);
        try {
            if (stillMine(batchId)) {
                runChunks(batchId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "batch %s stopped; it keeps its lease and will be resumed", batchId);
        } catch (Error e) {
            health.threadDied(Thread.currentThread().getName() + " (batch " + batchId + ")", e);
        } finally {
            active.remove(batchId);
            claimed.remove(batchId);
        }
    }

    private void runChunks(String batchId) throws InterruptedException {
        BatchStatus status = store.status(batchId)
                .orElseThrow(() -> new IllegalStateException("batch " + batchId + " has no status"));
        if (status.state().ended()) {
            store.forgetWork(batchId);
            return;
        }
        BatchLease lease = store.lease(batchId).orElseThrow();
        List<String> images = store.images(batchId);
        int size = lease.chunkSize();
        Map<Integer, BatchStore.ChunkCounts> done = store.finishedChunks(batchId);
        int answered = done.values().stream().mapToInt(BatchStore.ChunkCounts::answered).sum();
        int failed = done.values().stream().mapToInt(BatchStore.ChunkCounts::failed).sum();
        if (!done.isEmpty()) {
            LOG.infof("batch %s resumed with %d of %d chunks done", batchId, done.size(),
                    (images.size() + size - 1) / size);
        }
        for (int chunk = 0; chunk * size < images.size(); chunk++) {
            if (done.containsKey(chunk)) {
                continue;
            }
            if (!stillMine(batchId)) {
                return;
            }
            int first = chunk * size;
            List<Map<String, Object>> lines = chunks.answer(lease.submission(), batchId,
                    images.subList(first, Math.min(first + size, images.size())), first);
            store.writePart(batchId, chunk, lines);
            for (Map<String, Object> line : lines) {
                if (line.containsKey("error")) {
                    failed++;
                } else {
                    answered++;
                }
            }
            status = status.progressed(answered, failed, Instant.now());
            store.writeStatus(status);
        }
        if (!stillMine(batchId)) {
            return;
        }
        String results = store.publishResults(batchId);
        store.writeStatus(status.completed(answered, failed, results, Instant.now()));
        store.forgetWork(batchId);
        LOG.infof("batch %s completed: %d answered, %d failed", batchId, answered, failed);
    }

    private boolean stillMine(String batchId) {
        Optional<BatchLease> lease = store.lease(batchId);
        if (lease.isEmpty() || !lease.get().owner().equals(me)) {
            LOG.infof("batch %s is now run by %s; leaving it", batchId,
                    lease.map(BatchLease::owner).orElse("nobody"));
            return false;
        }
        return true;
    }

    private void renewLeases() {
        for (String batchId : active) {
            try {
                store.lease(batchId).filter(lease -> lease.owner().equals(me))
                        .ifPresent(lease -> store.writeLease(lease.renewed(Instant.now())));
            } catch (RuntimeException e) {
                LOG.warnf("cannot renew the lease of batch %s: %s", batchId, e.getMessage());
            } catch (Error e) {
                health.threadDied("batch-heartbeat", e);
            }
        }
    }

    /** Stops the batches here and releases their leases, so that another gateway takes them over at once. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        Set<String> leaving = Set.copyOf(claimed);
        heartbeat.shutdownNow();
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
        for (String batchId : leaving) {
            try {
                store.lease(batchId).filter(lease -> lease.owner().equals(me))
                        .ifPresent(lease -> store.writeLease(lease.released()));
            } catch (RuntimeException e) {
                LOG.warnf("cannot release batch %s: %s; it is taken over once its lease is stale", batchId,
                        e.getMessage());
            }
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
