package dev.baton.trainer.job;

import dev.baton.contracts.messages.TrainingRequest;
import java.util.Locale;
import java.util.Optional;

/** Finds, in an exception's cause chain, what a user can act on. */
public final class FailureReasons {
    private FailureReasons() {
    }

    /** @return the stop request buried in the cause chain, if any */
    public static Optional<JobStoppedException> stopped(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JobStoppedException s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return whether the failure is the device running out of memory */
    public static boolean outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("out of memory") || m.contains("can't allocate memory") || m.contains("cannot allocate memory")) {
                return true;
            }
        }
        return false;
    }

    /** @return the FAILED reason of an out-of-memory failure */
    public static String outOfMemoryReason(TrainingRequest request, String device) {
        return "batch size " + request.batchSize() + " at " + request.imageSize() + " px does not fit in the memory of "
                + device + ": lower batchSize or imageSize and submit the job again";
    }
}
