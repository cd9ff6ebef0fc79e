package dev.baton.gateway.predictions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectNotFoundException;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.datasets.DatasetCatalog;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.NotFoundException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Batch predictions: every image of a dataset goes to the inference workers by reference
 * ({@code imageRef}), in chunks; the answers are stored as JSON lines next to a status object.
 */
@ApplicationScoped
public class BatchPredictions {
    private static final Logger LOG = Logger.getLogger(BatchPredictions.class);
    private static final int CHUNK = 32;

    private final MutinyEmitter<Record<String, InferenceRequest>> requests;
    private final PendingReplies replies;
    private final ObjectStore store;
    private final DatasetCatalog datasets;
    private final GatewaySettings.Predictions settings;
    private final ObjectMapper mapper = MessageCodec.instance().mapper();
    private final ExecutorService runner = Executors.newFixedThreadPool(2);

    BatchPredictions(@Channel("inference-requests") MutinyEmitter<Record<String, InferenceRequest>> requests,
            PendingReplies replies, ObjectStore store, DatasetCatalog datasets, GatewaySettings settings) {
        this.requests = requests;
        this.replies = replies;
        this.store = store;
        this.datasets = datasets;
        this.settings = settings.predictions();
    }

    /** @return the new batch's status (RUNNING); the work goes on in the background */
    public BatchStatus submit(BatchSubmission batch) {
        if (batch.version() != null && batch.alias() != null) {
            throw new InvalidInputException("alias", "give a version or an alias, not both");
        }
        if (!datasets.isPublished(batch.dataset())) {
            throw new InvalidInputException("dataset", "no published dataset named '" + batch.dataset() + "'");
        }
        String batchId = "batch-" + UUID.randomUUID().toString().replace("-", "");
        String imagesPrefix = ObjectKeys.datasetImagesPrefix(batch.dataset());
        List<String> images = store.list(ObjectKeys.DATA_BUCKET, imagesPrefix).stream().map(ObjectInfo::key).toList();
        BatchStatus status = new BatchStatus(batchId, "RUNNING", batch.model(), batch.dataset(), images.size(), 0, 0,
                Instant.now(), null, null);
        write(status);
        runner.submit(() -> run(batch, status, images));
        return status;
    }

    /** @return the batch's status */
    public BatchStatus status(String batchId) {
        try {
            return mapper.readValue(store.read(ObjectKeys.DATA_BUCKET, statusKey(batchId)), BatchStatus.class);
        } catch (ObjectNotFoundException e) {
            throw new NotFoundException("batch prediction", batchId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the stored results (JSON lines); the caller closes the stream */
    public InputStream results(String batchId) {
        BatchStatus status = status(batchId);
        if (status.results() == null) {
            throw new dev.baton.gateway.problem.ConflictException("batch '" + batchId + "' is still " + status.state());
        }
        return store.open(ObjectKeys.DATA_BUCKET, status.results());
    }

    private void run(BatchSubmission batch, BatchStatus status, List<String> images) {
        int answered = 0;
        int failed = 0;
        try {
            Path lines = Files.createTempFile(status.batchId(), ".jsonl");
            try {
                for (int from = 0; from < images.size(); from += CHUNK) {
                    for (Map<String, Object> line : chunk(batch, status.batchId(), images, from)) {
                        Files.write(lines, List.of(mapper.writeValueAsString(line)),
                                java.nio.file.StandardOpenOption.APPEND);
                        if (line.containsKey("error")) {
                            failed++;
                        } else {
                            answered++;
                        }
                    }
                }
                String resultsKey = ObjectKeys.batchPredictionResults(status.batchId());
                store.putFile(ObjectKeys.DATA_BUCKET, resultsKey, lines, "application/x-ndjson");
                write(new BatchStatus(status.batchId(), "COMPLETED", status.model(), status.dataset(), images.size(),
                        answered, failed, status.submittedAt(), Instant.now(), resultsKey));
            } finally {
                Files.deleteIfExists(lines);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("batch " + status.batchId() + " failed", e);
            write(new BatchStatus(status.batchId(), "FAILED", status.model(), status.dataset(), images.size(),
                    answered, failed, status.submittedAt(), Instant.now(), null));
        }
    }

    private List<Map<String, Object>> chunk(BatchSubmission batch, String batchId, List<String> images, int from) {
        Map<String, CompletableFuture<InferenceResult>> waiting = new LinkedHashMap<>();
        for (int i = from; i < Math.min(from + CHUNK, images.size()); i++) {
            String correlationId = batchId + "-" + i;
            waiting.put(images.get(i), replies.expect(correlationId));
            requests.sendAndAwait(Record.of(correlationId, new InferenceRequest(BatonMessage.CURRENT_SCHEMA_VERSION,
                    correlationId, batch.model(), batch.version(), batch.alias(), null,
                    new ObjectRef(ObjectKeys.DATA_BUCKET, images.get(i)),
                    batch.topK() == null ? 5 : batch.topK(), Instant.now())));
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<Map<String, Object>> lines = new ArrayList<>();
        int i = from;
        for (Map.Entry<String, CompletableFuture<InferenceResult>> entry : waiting.entrySet()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("image", entry.getKey());
            try {
                InferenceResult result = entry.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                line.put("version", result.version());
                line.put("predictions", result.predictions());
                if (result.error() != null) {
                    line.put("error", result.error());
                }
            } catch (Exception e) {
                line.put("error", Map.of("code", "TIMEOUT", "message", "no inference worker answered"));
            } finally {
                replies.forget(batchId + "-" + i++);
            }
            lines.add(line);
        }
        return lines;
    }

    private void write(BatchStatus status) {
        try {
            store.put(ObjectKeys.DATA_BUCKET, statusKey(status.batchId()), mapper.writeValueAsBytes(status),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String statusKey(String batchId) {
        return ObjectKeys.batchPredictionResults(batchId).replace("results.jsonl", "status.json");
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
