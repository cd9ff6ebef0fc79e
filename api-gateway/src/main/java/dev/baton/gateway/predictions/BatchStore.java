package dev.baton.gateway.predictions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectNotFoundException;
import dev.baton.contracts.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Batch predictions in the object store: the public status and results in the data bucket, and while a
 * batch runs its lease, images and finished chunks in the work bucket (layout in {@link ObjectKeys}). A
 * chunk is written whole or not at all, so a resumed batch redoes at most the chunk it was in.
 */
@ApplicationScoped
public class BatchStore {
    private static final String JSON = "application/json";
    private static final String JSON_LINES = "application/x-ndjson";

    private final ObjectStore store;
    private final ObjectMapper mapper = MessageCodec.instance().mapper();

    BatchStore(ObjectStore store) {
        this.store = store;
    }

    /** Stores a new batch: its images and lease first, its status last (what a caller can see). */
    void create(BatchStatus status, BatchLease lease, List<String> images) {
        put(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionImages(status.batchId()), images);
        writeLease(lease);
        writeStatus(status);
    }

    /** @return the batch's status, if there is such a batch */
    Optional<BatchStatus> status(String batchId) {
        return read(ObjectKeys.DATA_BUCKET, ObjectKeys.batchPredictionStatus(batchId), new TypeReference<>() { });
    }

    void writeStatus(BatchStatus status) {
        put(ObjectKeys.DATA_BUCKET, ObjectKeys.batchPredictionStatus(status.batchId()), status);
    }

    /** @return the lease of a running batch */
    Optional<BatchLease> lease(String batchId) {
        return read(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionLease(batchId), new TypeReference<>() { });
    }

    void writeLease(BatchLease lease) {
        put(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionLease(lease.batchId()), lease);
    }

    /** @return the images the batch was given, in chunk order */
    List<String> images(String batchId) {
        return read(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionImages(batchId),
                new TypeReference<List<String>>() { })
                .orElseThrow(() -> new IllegalStateException("batch " + batchId + " has lost its image list"));
    }

    /** @return the batches that have work objects (running, or ended and not yet cleaned up) */
    List<String> batchesWithWork() {
        return store.listPrefixes(ObjectKeys.WORK_BUCKET, ObjectKeys.RUNNING_BATCHES_PREFIX).stream()
                .map(prefix -> prefix.substring(ObjectKeys.RUNNING_BATCHES_PREFIX.length(), prefix.length() - 1))
                .toList();
    }

    /** Stores a finished chunk's result lines. */
    void writePart(String batchId, int chunk, List<Map<String, Object>> lines) {
        StringBuilder text = new StringBuilder();
        try {
            for (Map<String, Object> line : lines) {
                text.append(mapper.writeValueAsString(line)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionPart(batchId, chunk),
                text.toString().getBytes(StandardCharsets.UTF_8), JSON_LINES);
    }

    /** @return the finished chunks by number, each with how many of its lines have predictions and errors */
    Map<Integer, ChunkCounts> finishedChunks(String batchId) {
        Map<Integer, ChunkCounts> chunks = new TreeMap<>();
        for (ObjectInfo part : parts(batchId)) {
            chunks.put(chunkOf(part.key()), count(part.key()));
        }
        return chunks;
    }

    /**
     * Writes the results object: every chunk's lines in order, streamed from the parts.
     *
     * @return its key
     */
    String publishResults(String batchId) {
        List<ObjectInfo> parts = parts(batchId);
        long length = parts.stream().mapToLong(ObjectInfo::size).sum();
        Iterator<ObjectInfo> next = parts.iterator();
        String key = ObjectKeys.batchPredictionResults(batchId);
        try (InputStream all = new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return store.open(ObjectKeys.WORK_BUCKET, next.next().key());
            }
        })) {
            store.put(ObjectKeys.DATA_BUCKET, key, all, length, JSON_LINES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key;
    }

    /** @return the results of a completed batch; the caller closes the stream */
    InputStream results(BatchStatus status) {
        return store.open(ObjectKeys.DATA_BUCKET, status.results());
    }

    /** Removes a batch's work objects (its lease last, so that a half-done clean-up is seen and finished). */
    void forgetWork(String batchId) {
        for (ObjectInfo object : store.list(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionWorkPrefix(batchId))) {
            if (!object.key().equals(ObjectKeys.batchPredictionLease(batchId))) {
                store.delete(ObjectKeys.WORK_BUCKET, object.key());
            }
        }
        store.delete(ObjectKeys.WORK_BUCKET, ObjectKeys.batchPredictionLease(batchId));
    }

    private List<ObjectInfo> parts(String batchId) {
        String prefix = ObjectKeys.batchPredictionWorkPrefix(batchId) + "parts/";
        return store.list(ObjectKeys.WORK_BUCKET, prefix).stream().filter(o -> o.key().endsWith(".jsonl")).toList();
    }

    private static int chunkOf(String partKey) {
        String file = partKey.substring(partKey.lastIndexOf('/') + 1);
        return Integer.parseInt(file.substring(0, file.length() - ".jsonl".length()));
    }

    private ChunkCounts count(String partKey) {
        int answered = 0;
        int failed = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                store.open(ObjectKeys.WORK_BUCKET, partKey), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode result = mapper.readTree(line);
                if (result.has("error")) {
                    failed++;
                } else {
                    answered++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChunkCounts(answered, failed);
    }

    private void put(String bucket, String key, Object value) {
        try {
            store.put(bucket, key, mapper.writeValueAsBytes(value), JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> Optional<T> read(String bucket, String key, TypeReference<T> type) {
        try {
            return Optional.of(mapper.readValue(store.read(bucket, key), type));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Result lines of one chunk.
     *
     * @param answered lines with predictions
     * @param failed lines with an error
     */
    record ChunkCounts(int answered, int failed) {
    }
}
