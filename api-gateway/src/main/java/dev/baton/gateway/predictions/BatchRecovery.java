package dev.baton.gateway.predictions;

import dev.baton.gateway.GatewaySettings;
import dev.baton.service.health.BackgroundHealth;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Finds running batches that nobody runs and takes them over: at start-up and every heartbeat, a batch
 * whose lease names this gateway (it was restarted) or whose lease is stale (its gateway is gone) is
 * resumed here from its first unfinished chunk. A batch started {@code max-attempts} times is marked
 * FAILED; work objects of ended batches are cleaned up.
 */
@ApplicationScoped
public class BatchRecovery {
    private static final Logger LOG = Logger.getLogger(BatchRecovery.class);

    private final BatchStore store;
    private final BatchRunner runner;
    private final GatewaySettings.Batches settings;
    private final String me;
    private final ScheduledExecutorService scan = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "batch-recovery");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String failure;

    BatchRecovery(BatchStore store, BatchRunner runner, GatewaySettings settings, GatewayInstance instance) {
        this.store = store;
        this.runner = runner;
        this.settings = settings.batches();
        this.me = instance.name();
    }

    void start(@Observes StartupEvent event, BackgroundHealth health) {
        health.watch("batch-recovery", () -> Optional.ofNullable(failure));
        long every = settings.heartbeat().toMillis();
        scan.scheduleWithFixedDelay(this::scanOnce, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        scan.shutdownNow();
    }

    /** Looks at every batch with work objects once; never throws (a scheduled task that throws is never run again). */
    void scanOnce() {
        try {
            for (String batchId : store.batchesWithWork()) {
                if (!runner.runsHere(batchId)) {
                    consider(batchId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("looking for batches to resume: %s; trying again in %d s", e.getMessage(),
                    settings.heartbeat().toSeconds());
        } catch (Error e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("batch recovery stopped", e);
            throw e;
        }
    }

    private void consider(String batchId) {
        Optional<BatchStatus> status = store.status(batchId);
        Optional<BatchLease> lease = store.lease(batchId);
        Instant now = Instant.now();
        if (status.isPresent() && status.get().state().ended()) {
            store.forgetWork(batchId); // it ended; a clean-up was interrupted
            return;
        }
        if (lease.isEmpty()) {
            return; // being created, or its clean-up is under way
        }
        BatchLease held = lease.get();
        boolean stale = held.staleAt(now, settings.staleAfter());
        if (!held.owner().equals(me) && !stale) {
            return; // another gateway runs it
        }
        if (status.isEmpty()) {
            if (stale) {
                store.forgetWork(batchId); // its submit failed before the status was written: nobody knows it
            }
            return;
        }
        if (held.attempts() >= settings.maxAttempts()) {
            store.writeStatus(status.get().failedBecause("stopped " + held.attempts() + " times before it completed"
                    + " (see the gateway's log); given up", now));
            store.forgetWork(batchId);
            LOG.errorf("batch %s given up after %d attempts", batchId, held.attempts());
            return;
        }
        BatchLease taken = held.takenBy(me, now);
        store.writeLease(taken);
        LOG.infof("batch %s taken over from %s (attempt %d)", batchId, held.owner(), taken.attempts());
        runner.start(taken);
    }
}
