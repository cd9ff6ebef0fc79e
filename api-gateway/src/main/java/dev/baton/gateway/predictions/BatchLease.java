package dev.baton.gateway.predictions;

import java.time.Duration;
import java.time.Instant;

/**
 * Who runs a batch, stored under {@link dev.baton.contracts.storage.ObjectKeys#batchPredictionLease} while it
 * runs. The owner renews {@code heartbeatAt}; a gateway restarted under the owner's name takes the batch back at
 * once, any other gateway once the heartbeat is older than {@code baton.gateway.batches.stale-after}.
 *
 * @param batchId the batch
 * @param submission what was asked, to resume it
 * @param owner the gateway running it ({@link GatewayInstance})
 * @param heartbeatAt when the owner last said it was running it
 * @param chunkSize images per chunk (fixed for the batch's life: its parts are numbered by chunk)
 * @param attempts how many times a gateway has started or resumed it
 */
public record BatchLease(String batchId, BatchSubmission submission, String owner, Instant heartbeatAt,
        int chunkSize, int attempts) {

    /** @return the first lease of a new batch, held by {@code gateway} */
    static BatchLease first(String batchId, BatchSubmission submission, String gateway, int chunkSize, Instant now) {
        return new BatchLease(batchId, submission, gateway, now, chunkSize, 1);
    }

    /** @return the lease taken by {@code gateway} now, one attempt more */
    BatchLease takenBy(String gateway, Instant now) {
        return new BatchLease(batchId, submission, gateway, now, chunkSize, attempts + 1);
    }

    /** @return the lease renewed now */
    BatchLease renewed(Instant now) {
        return new BatchLease(batchId, submission, owner, now, chunkSize, attempts);
    }

    /** @return the lease given up by a gateway that stops: stale at once, so that any gateway takes it */
    BatchLease released() {
        return new BatchLease(batchId, submission, owner, Instant.EPOCH, chunkSize, attempts);
    }

    /** @return whether its owner has not renewed it for longer than {@code staleAfter} */
    boolean staleAt(Instant now, Duration staleAfter) {
        return heartbeatAt.plus(staleAfter).isBefore(now);
    }
}
