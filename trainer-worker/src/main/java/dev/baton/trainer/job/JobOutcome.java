package dev.baton.trainer.job;

import dev.baton.contracts.messages.TrainingEvent;

/** How a delivery of a job ended on this trainer, and so how its record is acknowledged. */
public sealed interface JobOutcome {

    /** @return the metric tag of the outcome */
    String tag();

    /**
     * The job reached a terminal event (SUCCEEDED, FAILED, CANCELLED) that was sent: ACCEPT.
     *
     * @param terminal the terminal event
     */
    record Finished(TrainingEvent terminal) implements JobOutcome {
        @Override
        public String tag() {
            return terminal.type().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The job stopped without an end (shutdown, lost lock, transient failure): RELEASE, so another
     * trainer takes it over and resumes from its last checkpoint.
     *
     * @param why what happened, for the log
     * @param graceful whether the trainer stopped it on purpose on shutdown (scale-in, rollout, drain),
     *     which does not count as one of the job's attempts
     */
    record Released(String why, boolean graceful) implements JobOutcome {
        /** @param why what happened; not a graceful release */
        public Released(String why) {
            this(why, false);
        }

        @Override
        public String tag() {
            return "released";
        }
    }
}
