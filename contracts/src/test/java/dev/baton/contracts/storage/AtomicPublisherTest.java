package dev.baton.contracts.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-first, record-last publish pattern against the real S3Proxy. */
class AtomicPublisherTest {
    private static final String BUCKET = "baton-test-publish";
    private static ObjectStore store;
    private static AtomicPublisher publisher;
    private final String prefix = "bundle-" + UUID.randomUUID() + "/";

    @BeforeAll
    static void connect() {
        store = TestServices.objectStore();
        store.ensureBucket(BUCKET);
        publisher = new AtomicPublisher(store);
    }

    private static Path bundle(Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{\"classes\":[\"a\",\"b\"]}");
        Files.createDirectories(dir.resolve("params"));
        Files.write(dir.resolve("params/model.params"), new byte[1000]);
        return dir;
    }

    @Test
    void publishedFolderIsReadBackCompleteWithHashes(@TempDir Path tmp) throws Exception {
        PublishRecord written = publisher.publishFolder(BUCKET, prefix, bundle(tmp), Map.of("job", "job-1"));
        PublishRecord read = publisher.readComplete(BUCKET, prefix).orElseThrow();
        assertEquals(written.files(), read.files());
        assertEquals(List.of("manifest.json", "params/model.params"),
                read.files().stream().map(PublishRecord.PublishedFile::path).toList());
        assertEquals(64, read.files().get(0).sha256().length());
        assertEquals("job-1", read.attributes().get("job"));
        assertEquals(1000 + Files.size(tmp.resolve("manifest.json")), read.totalBytes());
    }

    @Test
    void dataWithoutRecordIsInvisible() {
        store.put(BUCKET, prefix + "manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertTrue(publisher.readComplete(BUCKET, prefix).isEmpty(), "a crash before the record exposes nothing");
    }

    @Test
    void recordWhoseFilesAreMissingOrChangedIsNotTrusted(@TempDir Path tmp) throws Exception {
        publisher.publishFolder(BUCKET, prefix, bundle(tmp), Map.of());
        store.put(BUCKET, prefix + "params/model.params", new byte[10], null);
        assertTrue(publisher.readComplete(BUCKET, prefix).isEmpty(), "a size mismatch means incomplete");
        store.delete(BUCKET, prefix + "params/model.params");
        assertTrue(publisher.readComplete(BUCKET, prefix).isEmpty(), "a missing file means incomplete");
    }

    @Test
    void sealingStreamedObjectsAndUnpublishing() {
        store.put(BUCKET, prefix + "images/cat/1.png", new byte[5], "image/png");
        store.put(BUCKET, prefix + "images/dog/2.png", new byte[7], "image/png");
        PublishRecord sealed = publisher.seal(BUCKET, prefix, Map.of("classes", "2"));
        assertEquals(12, sealed.totalBytes());
        assertTrue(publisher.readComplete(BUCKET, prefix).isPresent());
        assertEquals(3, publisher.unpublish(BUCKET, prefix));
        assertTrue(publisher.readComplete(BUCKET, prefix).isEmpty());
        assertTrue(store.list(BUCKET, prefix).isEmpty());
    }

    @Test
    void prefixesThatEscapeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> publisher.readComplete(BUCKET, "../x/"));
        assertThrows(IllegalArgumentException.class, () -> publisher.readComplete(BUCKET, "/abs/"));
        assertThrows(IllegalArgumentException.class, () -> publisher.readComplete(BUCKET, "no-slash"));
    }
}
