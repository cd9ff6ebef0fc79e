package dev.baton.gateway.jobs;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.gateway.datasets.DatasetCatalog;
import dev.baton.gateway.problem.ConflictException;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.NotFoundException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Submits and cancels training jobs: validates, publishes the QUEUED event and the request (or the
 * cancel) keyed by job id, and applies its own QUEUED event to the view at once.
 */
@ApplicationScoped
public class TrainingJobs {
    private static final String IDEMPOTENCY_KEY = "[\\x21-\\x7e]{1,200}";

    private final MutinyEmitter<Record<String, TrainingRequest>> requests;
    private final MutinyEmitter<Record<String, TrainingEvent>> events;
    private final MutinyEmitter<Record<String, CancelRequest>> cancels;
    private final JobView view;
    private final DatasetCatalog datasets;

    TrainingJobs(@Channel("training-requests") MutinyEmitter<Record<String, TrainingRequest>> requests,
            @Channel("training-events") MutinyEmitter<Record<String, TrainingEvent>> events,
            @Channel("training-cancels") MutinyEmitter<Record<String, CancelRequest>> cancels,
            JobView view, DatasetCatalog datasets) {
        this.requests = requests;
        this.events = events;
        this.cancels = cancels;
        this.view = view;
        this.datasets = datasets;
    }

    /**
     * @param submission what to train
     * @param user who submits
     * @param idempotencyKey the client's key for this submission, or null
     * @return the job, and whether it is new (false: a retry of an earlier submit)
     */
    public Submitted submit(JobSubmission submission, String user, String idempotencyKey) {
        if (submission == null) {
            throw new InvalidInputException("", "a JSON body describing the job is required");
        }
        String jobId = jobId(user, idempotencyKey);
        var existing = view.find(jobId);
        if (existing.isPresent()) {
            return new Submitted(existing.get(), false);
        }
        TrainingRequest request = MessageCodec.instance().requireValid(submission.toRequest(jobId, Instant.now()));
        if (!datasets.isPublished(request.dataset())) {
            throw new InvalidInputException("dataset", "no published dataset named '" + request.dataset() + "'");
        }
        TrainingEvent queued = TrainingEvent.of(jobId, TrainingEventType.QUEUED).withModel(request.modelName(), null);
        events.sendAndAwait(Record.of(jobId, queued));
        view.apply(queued);
        try {
            requests.sendAndAwait(Record.of(jobId, request));
        } catch (RuntimeException e) {
            TrainingEvent failed = TrainingEvent.of(jobId, TrainingEventType.FAILED)
                    .withReason("the job could not be queued: " + e.getMessage());
            events.sendAndAwait(Record.of(jobId, failed));
            view.apply(failed);
            throw e;
        }
        return new Submitted(view.find(jobId).orElseThrow(), true);
    }

    /**
     * Asks the trainers to stop a job; its state changes when a trainer reports CANCELLED.
     *
     * @param jobId the job
     * @param user who asks
     * @return the job as it is now
     * @throws NotFoundException when no such job is known
     * @throws ConflictException when it has already ended
     */
    public TrainingJob cancel(String jobId, String user) {
        TrainingJob job = view.find(jobId).orElseThrow(() -> new NotFoundException("training job", jobId));
        if (job.state().isTerminal()) {
            throw new ConflictException("training job '" + jobId + "' has already ended: " + job.state());
        }
        CancelRequest cancel = new CancelRequest(BatonMessage.CURRENT_SCHEMA_VERSION, jobId, Instant.now(), user);
        cancels.sendAndAwait(Record.of(jobId, cancel));
        return job;
    }

    /** The outcome of a submit. */
    public record Submitted(TrainingJob job, boolean created) {
    }

    private static String jobId(String user, String idempotencyKey) {
        if (idempotencyKey == null) {
            return "job-" + UUID.randomUUID().toString().replace("-", "");
        }
        if (!idempotencyKey.matches(IDEMPOTENCY_KEY)) {
            throw new InvalidInputException("Idempotency-Key", "must be 1-200 visible ASCII characters");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((user + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "job-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
