package dev.baton.gateway.jobs;

import dev.baton.gateway.problem.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Binds each {@code Idempotency-Key} to a hash of the body it came with, and lets exactly one of
 * several concurrent submits with one key publish the job: the others wait for its outcome and get
 * the same job (200), or 409 when the body differs or the first is still in progress after
 * {@link #WAIT_SECONDS}. Held in this gateway's memory for the newest {@link #KEPT} keys; after a
 * restart, a key of a job the view knows is still answered with that job (without the body check).
 * Thread-safe.
 */
@ApplicationScoped
public class IdempotencyClaims {
    /** How many keys are remembered. */
    static final int KEPT = 100_000;
    /** How long a concurrent submit waits for the first one with its key. */
    static final int WAIT_SECONDS = 30;

    private final Map<String, Claim> claims = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Claim> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * @param jobId the job id the key maps to
     * @param key the client's key, for messages
     * @param bodyHash the hash of the resolved request
     * @return a claim to {@link Claim#settle} when this caller publishes the job, or empty when an
     *     earlier submit with this key and body holds it (then call {@link #awaitEarlier})
     * @throws ConflictException when the key came with another body
     */
    public synchronized Optional<Claim> claim(String jobId, String key, String bodyHash) {
        Claim earlier = claims.get(jobId);
        if (earlier == null) {
            Claim mine = new Claim(jobId, bodyHash);
            claims.put(jobId, mine);
            return Optional.of(mine);
        }
        if (!earlier.bodyHash.equals(bodyHash)) {
            throw new ConflictException("Idempotency-Key '" + key + "' was already used with a different body;"
                    + " send the same body to get that job again, or use a new key for a new job");
        }
        return Optional.empty();
    }

    /**
     * Waits for the submit holding the key.
     *
     * @return the job it published
     * @throws ConflictException when it is still in progress after {@link #WAIT_SECONDS}
     */
    public TrainingJob awaitEarlier(String jobId, String key) {
        Claim earlier;
        synchronized (this) {
            earlier = claims.get(jobId);
        }
        if (earlier == null) {
            throw new ConflictException("a submit with Idempotency-Key '" + key + "' failed; send it again");
        }
        try {
            return earlier.outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ConflictException("a submit with Idempotency-Key '" + key + "' is still in progress or failed;"
                    + " send it again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while waiting for the submit with Idempotency-Key '" + key + "'");
        }
    }

    private synchronized void release(Claim claim) {
        claims.remove(claim.jobId, claim);
    }

    /** The right to publish one job for a key. */
    public final class Claim {
        private final String jobId;
        private final String bodyHash;
        private final CompletableFuture<TrainingJob> outcome = new CompletableFuture<>();

        private Claim(String jobId, String bodyHash) {
            this.jobId = jobId;
            this.bodyHash = bodyHash;
        }

        /** @param job the job published under the key: concurrent submits get it too */
        public void settle(TrainingJob job) {
            outcome.complete(job);
        }

        /** The submit failed (invalid body, Kafka down): the key is free again for a corrected body. */
        public void abandon(RuntimeException cause) {
            release(this);
            outcome.completeExceptionally(cause);
        }
    }
}
