package dev.baton.gateway.predictions;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.gateway.GatewaySettings;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Answers one chunk of a batch: a request per image on {@code baton.inference.requests}, by reference
 * to the image in the object store, then the answers as they come back on the results topic.
 *
 * <p>The wait is long ({@code baton.gateway.batches.answer-within}) and nothing is re-sent: a request
 * a worker took but did not answer is uncommitted in the workers' consumer group, so Kafka gives it to
 * the restarted worker or to another one once the group has moved on; re-sending would only pile
 * duplicate work on a backlog.
 */
@ApplicationScoped
public class BatchChunks {
    private static final Duration LISTENER_WAIT = Duration.ofSeconds(30);
    private final MutinyEmitter<Record<String, InferenceRequest>> requests;
    private final PendingReplies replies;
    private final GatewaySettings.Batches settings;

    BatchChunks(@Channel("inference-requests") MutinyEmitter<Record<String, InferenceRequest>> requests,
            PendingReplies replies, GatewaySettings settings) {
        this.requests = requests;
        this.replies = replies;
        this.settings = settings.batches();
    }

    /**
     * @param batch what was asked
     * @param batchId the batch
     * @param images the chunk's images, with {@code first} the index of the first in the batch
     * @param first the batch-wide index of {@code images.get(0)} (correlation ids are batch id and index)
     * @return a result line per image, in order: its predictions, or an error
     * @throws InterruptedException if the gateway stops meanwhile
     */
    List<Map<String, Object>> answer(BatchSubmission batch, String batchId, List<String> images, int first)
            throws InterruptedException {
        if (!replies.awaitListening(LISTENER_WAIT)) {
            throw new IllegalStateException("the inference-results listener is not reading yet; the chunk waits");
        }
        Map<String, CompletableFuture<InferenceResult>> waiting = new LinkedHashMap<>();
        try {
            for (int i = 0; i < images.size(); i++) {
                String correlationId = batchId + "-" + (first + i);
                waiting.put(correlationId, replies.expect(correlationId));
                requests.sendAndAwait(Record.of(correlationId, new InferenceRequest(
                        BatonMessage.CURRENT_SCHEMA_VERSION, correlationId, batch.model(), batch.version(),
                        batch.alias(), null, new ObjectRef(ObjectKeys.DATA_BUCKET, images.get(i)),
                        batch.topK() == null ? 5 : batch.topK(), Instant.now())));
            }
            long deadline = System.nanoTime() + settings.answerWithin().toNanos();
            List<Map<String, Object>> lines = new ArrayList<>(images.size());
            int i = 0;
            for (CompletableFuture<InferenceResult> answer : waiting.values()) {
                lines.add(line(images.get(i++), answer, deadline));
            }
            return lines;
        } finally {
            waiting.keySet().forEach(replies::forget);
        }
    }

    private Map<String, Object> line(String image, CompletableFuture<InferenceResult> answer, long deadline)
            throws InterruptedException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("image", image);
        try {
            InferenceResult result = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            line.put("version", result.version());
            line.put("predictions", result.predictions());
            if (result.error() != null) {
                line.put("error", result.error());
            }
        } catch (TimeoutException | ExecutionException e) {
            line.put("error", Map.of("code", "TIMEOUT", "message", "no inference worker answered within "
                    + settings.answerWithin().toSeconds() + " s"));
        }
        return line;
    }
}
