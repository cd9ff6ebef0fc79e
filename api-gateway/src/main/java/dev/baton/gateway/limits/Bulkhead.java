package dev.baton.gateway.limits;

import dev.baton.gateway.problem.TooManyRequestsException;
import java.util.concurrent.Semaphore;

/**
 * A bounded number of concurrent uses of one resource (in-flight predicts, open event streams):
 * a caller beyond the bound is refused at once with 429 and {@code Retry-After}, never queued or hung.
 * Thread-safe.
 */
public final class Bulkhead {
    private final String what;
    private final int capacity;
    private final int retryAfterSeconds;
    private final Semaphore permits;

    /**
     * @param what what is bounded, for the refusal's message (e.g. "synchronous predicts")
     * @param capacity how many at once
     * @param retryAfterSeconds what {@code Retry-After} says when full
     */
    public Bulkhead(String what, int capacity, int retryAfterSeconds) {
        if (capacity <= 0) {
            throw new IllegalArgumentException(what + ": capacity must be > 0");
        }
        this.what = what;
        this.capacity = capacity;
        this.retryAfterSeconds = retryAfterSeconds;
        this.permits = new Semaphore(capacity);
    }

    /**
     * Takes a place; give it back with {@link Permit#close()}.
     *
     * @return the place taken
     * @throws TooManyRequestsException when all places are taken
     */
    public Permit enter() {
        if (!permits.tryAcquire()) {
            throw new TooManyRequestsException("this gateway already serves " + capacity + " " + what
                    + " at once; retry later", retryAfterSeconds);
        }
        return new Permit();
    }

    /** @return places in use now */
    public int inUse() {
        return capacity - permits.availablePermits();
    }

    /** A place in the bulkhead, given back once. */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                permits.release();
            }
        }
    }
}
