package dev.baton.gateway.jobs;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectStore;
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
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Submits and cancels training jobs: validates (the dataset must be published and the pretrained
 * base registered), publishes the QUEUED event and the request (or the cancel) keyed by job id, and
 * applies its own QUEUED event to the view at once. An {@code Idempotency-Key} is bound to the body
 * ({@link IdempotencyClaims}): one job per key, published once even by concurrent submits.
 */
@ApplicationScoped
public class TrainingJobs {
    private static final String IDEMPOTENCY_KEY = "[\\x21-\\x7e]{1,200}";

    private final MutinyEmitter<Record<String, TrainingRequest>> requests;
    private final MutinyEmitter<Record<String, TrainingEvent>> events;
    private final MutinyEmitter<Record<String, CancelRequest>> cancels;
    private final JobView view;
    private final DatasetCatalog datasets;
    private final IdempotencyClaims claims;
    private final BaseModelRegistry bases;

    TrainingJobs(@Channel("training-requests") MutinyEmitter<Record<String, TrainingRequest>> requests,
            @Channel("training-events") MutinyEmitter<Record<String, TrainingEvent>> events,
            @Channel("training-cancels") MutinyEmitter<Record<String, CancelRequest>> cancels,
            JobView view, DatasetCatalog datasets, IdempotencyClaims claims, ObjectStore store) {
        this.claims = claims;
        this.bases = new BaseModelRegistry(store);
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
        if (idempotencyKey == null) {
            return new Submitted(publish(validated(submission, jobId)), true);
        }
        TrainingRequest request = validated(submission, jobId);
        Optional<IdempotencyClaims.Claim> claim = claims.claim(jobId, idempotencyKey, bodyHash(submission));
        if (claim.isEmpty()) {
            return new Submitted(claims.awaitEarlier(jobId, idempotencyKey), false);
        }
        try {
            var existing = view.find(jobId);
            TrainingJob job = existing.isPresent() ? existing.get() : publish(request);
            claim.get().settle(job);
            return new Submitted(job, existing.isEmpty());
        } catch (RuntimeException e) {
            claim.get().abandon(e);
            throw e;
        }
    }

    private TrainingRequest validated(JobSubmission submission, String jobId) {
        TrainingRequest request = MessageCodec.instance().requireValid(submission.toRequest(jobId, Instant.now()));
        if (!datasets.isPublished(request.dataset())) {
            throw new InvalidInputException("dataset", "no published dataset named '" + request.dataset() + "'");
        }
        if (!TrainingRequest.RANDOM_INIT.equals(request.pretrained()) && !bases.contains(request.pretrained())) {
            throw new InvalidInputException("pretrained", "no registered base model named '" + request.pretrained()
                    + "' (registered: " + String.join(", ", bases.list()) + "; or '" + TrainingRequest.RANDOM_INIT
                    + "' for random initialisation)");
        }
        return request;
    }

    private TrainingJob publish(TrainingRequest request) {
        String jobId = request.jobId();
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
        return view.find(jobId).orElseThrow();
    }

    /** @return a hash of what the submission asks for, defaults applied (job id and time left out) */
    private static String bodyHash(JobSubmission submission) {
        byte[] canonical = MessageCodec.instance().encode(submission.toRequest("job-x", Instant.EPOCH));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
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
