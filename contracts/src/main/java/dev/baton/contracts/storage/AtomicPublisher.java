package dev.baton.contracts.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The atomic publish pattern on an object store that has no transactions: data first, the
 * completion record ({@link PublishRecord}) last. A reader that finds no record, or a record whose
 * files are not all there with the listed sizes, sees nothing; so a crash mid-publish never
 * exposes a half-written bundle or dataset.
 */
public final class AtomicPublisher {
    private final ObjectStore store;
    private final ObjectMapper mapper = MessageCodec.instance().mapper();

    /** @param store the object store */
    public AtomicPublisher(ObjectStore store) {
        this.store = store;
    }

    /**
     * Uploads every regular file under a local folder to {@code prefix}, then the record.
     *
     * @param bucket the bucket
     * @param prefix the target prefix, ending with '/'
     * @param folder the local folder
     * @param attributes facts to keep in the record
     * @return the record written
     */
    public PublishRecord publishFolder(String bucket, String prefix, Path folder, Map<String, String> attributes) {
        requirePrefix(prefix);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        List<PublishRecord.PublishedFile> published = new ArrayList<>();
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace('\\', '/');
            if (relative.equals(ObjectKeys.PUBLISH_RECORD)) {
                continue;
            }
            published.add(uploadHashed(bucket, prefix + relative, relative, file));
        }
        return writeRecord(bucket, prefix, published, attributes);
    }

    /**
     * Seals objects that were already streamed under {@code prefix} (e.g. an uploaded dataset):
     * lists them and writes the record over what is there now.
     *
     * @return the record written
     */
    public PublishRecord seal(String bucket, String prefix, Map<String, String> attributes) {
        requirePrefix(prefix);
        List<PublishRecord.PublishedFile> files = store.list(bucket, prefix).stream()
                .filter(o -> !o.key().equals(prefix + ObjectKeys.PUBLISH_RECORD))
                .map(o -> new PublishRecord.PublishedFile(o.key().substring(prefix.length()), o.size(), null))
                .toList();
        return writeRecord(bucket, prefix, files, attributes);
    }

    /**
     * @return the record of a completely published prefix, or empty when it is absent or incomplete
     */
    public Optional<PublishRecord> readComplete(String bucket, String prefix) {
        requirePrefix(prefix);
        Optional<ObjectInfo> recordInfo = store.stat(bucket, prefix + ObjectKeys.PUBLISH_RECORD);
        if (recordInfo.isEmpty()) {
            return Optional.empty();
        }
        PublishRecord record;
        try {
            record = mapper.readValue(store.read(bucket, prefix + ObjectKeys.PUBLISH_RECORD), PublishRecord.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, Long> present = new HashMap<>();
        store.list(bucket, prefix).forEach(o -> present.put(o.key().substring(prefix.length()), o.size()));
        boolean complete = record.files().stream()
                .allMatch(f -> Long.valueOf(f.size()).equals(present.get(f.path())));
        return complete ? Optional.of(record) : Optional.empty();
    }

    /**
     * Removes a publication: the record first (so readers stop trusting it), then the data.
     *
     * @return the number of objects deleted
     */
    public int unpublish(String bucket, String prefix) {
        requirePrefix(prefix);
        store.delete(bucket, prefix + ObjectKeys.PUBLISH_RECORD);
        return store.deletePrefix(bucket, prefix) + 1;
    }

    private PublishRecord.PublishedFile uploadHashed(String bucket, String key, String relative, Path file) {
        try (InputStream in = Files.newInputStream(file);
                DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            long size = Files.size(file);
            store.put(bucket, key, digesting, size, null);
            return new PublishRecord.PublishedFile(relative, size,
                    HexFormat.of().formatHex(digesting.getMessageDigest().digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private PublishRecord writeRecord(String bucket, String prefix, List<PublishRecord.PublishedFile> files,
            Map<String, String> attributes) {
        PublishRecord record = new PublishRecord(List.copyOf(files), Instant.now(), Map.copyOf(attributes));
        try {
            store.put(bucket, prefix + ObjectKeys.PUBLISH_RECORD, mapper.writeValueAsBytes(record), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the publish record", e);
        }
        return record;
    }

    private static void requirePrefix(String prefix) {
        if (prefix.isEmpty() || !prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("..")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be relative, end with '/' and have no '..'");
        }
    }
}
