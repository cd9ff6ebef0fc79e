package dev.baton.transfer.auto;

import java.time.Duration;

/** The wall time an {@code auto} job may still spend, counting what earlier attempts spent. */
final class Budget {
    private final double totalSeconds;
    private final double spentBefore;
    private final long start = System.nanoTime();

    /**
     * @param total the whole job's budget
     * @param spentBefore seconds spent by earlier attempts
     */
    Budget(Duration total, double spentBefore) {
        this.totalSeconds = total.toMillis() / 1000.0;
        this.spentBefore = spentBefore;
    }

    /** @return seconds spent so far, all attempts */
    double elapsed() {
        return spentBefore + (System.nanoTime() - start) / 1e9;
    }

    /** @return seconds left (may be negative) */
    double remaining() {
        return totalSeconds - elapsed();
    }

    /** @return the whole budget in seconds */
    double total() {
        return totalSeconds;
    }
}
