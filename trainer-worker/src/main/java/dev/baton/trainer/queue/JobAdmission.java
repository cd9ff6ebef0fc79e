package dev.baton.trainer.queue;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.DeadLetter;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.trainer.config.WorkerConfig;
import dev.baton.trainer.job.TerminalEvents;
import dev.baton.trainer.metrics.TrainerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Decides what to do with a delivered training request before any work: run it, acknowledge a
 * duplicate of a job that already ended, fail a job attempted more than {@code maxAttempts} times
 * (every trainer that took it stopped before it ended; deliveries a trainer released gracefully on
 * shutdown are not attempts), fail an invalid request that names its job,
 * or dead-letter an unreadable one. Whatever is not run is ended here, so the queue only
 * acknowledges.
 */
public final class JobAdmission {
    private static final Logger LOG = Logger.getLogger(JobAdmission.class);
    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([A-Za-z0-9][A-Za-z0-9_-]{0,63})\"");

    /** What to do with a delivery. */
    public sealed interface Decision {
        /** @return how to acknowledge when nothing runs (null: run the job) */
        AcknowledgeType acknowledgement();
    }

    /**
     * Run the job.
     *
     * @param request the job
     * @param attempt the delivery count
     */
    public record Run(TrainingRequest request, int attempt) implements Decision {
        @Override
        public AcknowledgeType acknowledgement() {
            return null;
        }
    }

    /**
     * Nothing to run; acknowledge.
     *
     * @param acknowledgement ACCEPT (ended here, or a duplicate) or REJECT (dead-lettered)
     * @param tag the metric tag
     */
    public record Done(AcknowledgeType acknowledgement, String tag) implements Decision {}

    private final WorkerConfig config;
    private final TerminalEvents terminal;
    private final TrainerProducer producer;
    private final TrainerMetrics metrics;

    /**
     * @param config settings (worker id, attempt limit)
     * @param terminal where jobs end
     * @param producer for dead letters
     * @param metrics meters
     */
    public JobAdmission(WorkerConfig config, TerminalEvents terminal, TrainerProducer producer, TrainerMetrics metrics) {
        this.config = config;
        this.terminal = terminal;
        this.producer = producer;
        this.metrics = metrics;
    }

    /**
     * @param record a delivered request
     * @return what to do with it
     */
    public Decision admit(ConsumerRecord<String, byte[]> record) {
        int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
        TrainingRequest request;
        try {
            request = MessageCodec.instance().decode(record.value(), TrainingRequest.class);
        } catch (MessageException e) {
            return unreadable(record, deliveries, e);
        }
        // Deliveries a trainer released gracefully (scale-in, rollout) are not attempts.
        int attempt = Math.max(1, deliveries - terminal.ledger().gracefulReleases(request.jobId()));
        Optional<TrainingEvent> done = terminal.ledger().outcome(request.jobId());
        if (done.isPresent()) {
            LOG.infof("job %s already ended %s: duplicate delivery acknowledged, nothing published",
                    request.jobId(), done.get().type());
            return finished(AcknowledgeType.ACCEPT, "duplicate");
        }
        if (attempt > config.maxAttempts()) {
            terminal.fail(request.jobId(), config.workerId(), attempt, "the job was delivered " + attempt
                    + " times and every trainer that took it stopped before it ended (crash, kill or out of memory); "
                    + "it is not retried: lower batchSize or imageSize, check the dataset, then submit it again");
            return finished(AcknowledgeType.ACCEPT, "failed");
        }
        return new Run(request, attempt);
    }

    /**
     * Records that a delivery was released on purpose (the trainer shut down), before the RELEASE is
     * acknowledged, so that it does not count as one of the job's attempts.
     *
     * @param jobId the job
     * @param delivery the record's delivery count
     */
    public void recordGracefulRelease(String jobId, int delivery) {
        terminal.ledger().recordGracefulRelease(jobId, delivery);
    }

    private Decision unreadable(ConsumerRecord<String, byte[]> record, int attempt, MessageException e) {
        String jobId = jobIdIn(record.value());
        if (jobId != null) {
            terminal.fail(jobId, config.workerId(), attempt, "the job request is invalid: " + e.getMessage());
            return finished(AcknowledgeType.ACCEPT, "failed");
        }
        producer.deadLetter(DeadLetter.of(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), e.getMessage(), "trainer " + config.workerId()));
        return finished(AcknowledgeType.REJECT, "dead_lettered");
    }

    private Decision finished(AcknowledgeType type, String tag) {
        metrics.jobFinished(tag, null);
        return new Done(type, tag);
    }

    private static String jobIdIn(byte[] value) {
        Matcher m = JOB_ID.matcher(new String(value, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }
}
