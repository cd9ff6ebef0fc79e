package dev.baton.trainer.job;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.trainer.checkpoint.RemoteCheckpoints;
import dev.baton.trainer.publish.JobLedger;
import dev.baton.trainer.queue.TrainerProducer;

/**
 * The one place where a job ends: its terminal event (SUCCEEDED, FAILED or CANCELLED) is sent, the
 * ledger records it (so a duplicate delivery is recognised), and its checkpoints are deleted.
 */
public final class TerminalEvents {
    private final TrainerProducer producer;
    private final JobLedger ledger;
    private final RemoteCheckpoints checkpoints;

    /**
     * @param producer where events go
     * @param ledger the ledger of finished jobs
     * @param checkpoints the jobs' checkpoints
     */
    public TerminalEvents(TrainerProducer producer, JobLedger ledger, RemoteCheckpoints checkpoints) {
        this.producer = producer;
        this.ledger = ledger;
        this.checkpoints = checkpoints;
    }

    /** @return the ledger of finished jobs */
    public JobLedger ledger() {
        return ledger;
    }

    /**
     * Ends a job.
     *
     * @param terminal a terminal event
     * @return the outcome to acknowledge
     */
    public JobOutcome finish(TrainingEvent terminal) {
        if (!terminal.type().isTerminal()) {
            throw new IllegalArgumentException(terminal.type() + " does not end a job");
        }
        producer.event(terminal);
        ledger.record(terminal);
        checkpoints.deleteAll(terminal.jobId());
        return new JobOutcome.Finished(terminal);
    }

    /**
     * Fails a job.
     *
     * @param jobId the job
     * @param workerId this trainer
     * @param attempt the delivery
     * @param reason why, in words a user can act on
     * @return the outcome to acknowledge
     */
    public JobOutcome fail(String jobId, String workerId, int attempt, String reason) {
        return finish(TrainingEvent.of(jobId, TrainingEventType.FAILED).by(workerId, attempt).withReason(reason));
    }
}
