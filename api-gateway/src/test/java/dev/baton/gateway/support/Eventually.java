package dev.baton.gateway.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something that arrives through Kafka; fails with a description if it never does. */
public final class Eventually {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Eventually() {
    }

    /**
     * @param what what we wait for, for the failure message
     * @param condition checked every 100 ms
     */
    public static void until(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
