package dev.baton.trainer.job;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells a running job to stop between batches: set by the consumer thread (shutdown, lost lock) or
 * derived from a cancel read by the cancel watcher.
 */
public final class StopSignal {
    private final Supplier<Boolean> cancelled;
    private volatile StopReason requested;

    /** @param cancelled whether a cancel for the job was read */
    public StopSignal(Supplier<Boolean> cancelled) {
        this.cancelled = cancelled;
    }

    /** Asks the job to stop. The first reason wins. */
    public synchronized void request(StopReason reason) {
        if (requested == null) {
            requested = reason;
        }
    }

    /** @return why the job should stop now, if it should */
    public Optional<StopReason> reason() {
        StopReason r = requested;
        if (r != null) {
            return Optional.of(r);
        }
        return Boolean.TRUE.equals(cancelled.get()) ? Optional.of(StopReason.CANCELLED) : Optional.empty();
    }

    /** @throws JobStoppedException if the job should stop */
    public void check() {
        Optional<StopReason> r = reason();
        if (r.isPresent()) {
            throw new JobStoppedException(r.get());
        }
    }
}
