package dev.baton.contracts.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.baton.contracts.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real S3Proxy of the local cluster. */
class ObjectStoreTest {
    private static final String BUCKET = "baton-test-objects";
    private static ObjectStore store;
    private final String prefix = "t-" + UUID.randomUUID() + "/";

    @BeforeAll
    static void connect() {
        store = TestServices.objectStore();
        store.ensureBucket(BUCKET);
        store.ensureBucket(BUCKET); // idempotent
    }

    @Test
    void putGetStatListDelete() {
        store.put(BUCKET, prefix + "b.txt", "bee".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.put(BUCKET, prefix + "a/c.txt", "sea".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertEquals("bee", new String(store.read(BUCKET, prefix + "b.txt"), StandardCharsets.UTF_8));
        assertEquals(3, store.stat(BUCKET, prefix + "b.txt").orElseThrow().size());
        assertEquals(List.of(prefix + "a/c.txt", prefix + "b.txt"),
                store.list(BUCKET, prefix).stream().map(ObjectInfo::key).toList());
        assertEquals(List.of(prefix + "a/"), store.listPrefixes(BUCKET, prefix));

        store.delete(BUCKET, prefix + "b.txt");
        assertTrue(store.stat(BUCKET, prefix + "b.txt").isEmpty());
        assertEquals(1, store.deletePrefix(BUCKET, prefix));
        assertTrue(store.list(BUCKET, prefix).isEmpty());
    }

    @Test
    void missingObjectIsATypedError() {
        store.onFailure(op -> fail("a missing object is not a failure of the store: " + op));
        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class,
                () -> store.read(BUCKET, prefix + "nothing"));
        assertEquals("no object " + prefix + "nothing in bucket " + BUCKET, e.getMessage());
        assertThrows(ObjectNotFoundException.class, () -> store.read("baton-no-such-bucket", "x"));
        store.onFailure(op -> { });
    }

    @Test
    void largeObjectOfUnknownLengthStreamsAsMultipart(@TempDir Path tmp) throws Exception {
        // 21 MiB of seeded noise: three parts of ObjectStore.PART_SIZE, length unknown to the client.
        byte[] content = new byte[21 * 1024 * 1024];
        new Random(7).nextBytes(content);
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            store.put(BUCKET, prefix + "big.bin", in, -1, null);
        }
        assertEquals(content.length, store.stat(BUCKET, prefix + "big.bin").orElseThrow().size());
        Path downloaded = tmp.resolve("sub/big.bin");
        store.download(BUCKET, prefix + "big.bin", downloaded);
        assertArrayEquals(sha256(content), sha256(Files.readAllBytes(downloaded)));
        store.deletePrefix(BUCKET, prefix);
    }

    @Test
    void unreachableStoreSaysWhere() throws IOException {
        ObjectStore nowhere = ObjectStore.connect(new ObjectStoreConfig("http://127.0.0.1:1", "a", "b", "us-east-1"));
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> nowhere.list(BUCKET, ""));
        assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
        assertTrue(!nowhere.isReachable());
    }

    @Test
    void everyCallIsTimedWithItsOperationSucceededOrNot() {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        ObjectStore timed = ObjectStore.connect(store.config()).onCall((op, took) -> {
                    assertTrue(!took.isNegative() && took.toSeconds() < 60, op + " took " + took);
                    calls.add(op);
                });
        timed.put(BUCKET, prefix + "t.txt", "tea".getBytes(StandardCharsets.UTF_8), "text/plain");
        timed.read(BUCKET, prefix + "t.txt");
        assertThrows(ObjectNotFoundException.class, () -> timed.read(BUCKET, prefix + "missing"));
        timed.delete(BUCKET, prefix + "t.txt");
        assertEquals(List.of("write", "read", "read", "delete"), calls);
    }

    @Test
    void wrongCredentialsAreRefused() {
        ObjectStoreConfig real = store.config();
        java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        ObjectStore intruder = ObjectStore.connect(
                new ObjectStoreConfig(real.endpoint(), real.accessKey(), "not-the-secret", "us-east-1"))
                .onFailure(failures::add);
        ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> intruder.list(BUCKET, ""));
        assertThrows(ObjectStoreException.class, () -> intruder.put(BUCKET, prefix + "x", new byte[1], null));
        assertEquals(java.util.List.of("list", "write"), failures, "every failed call is reported with its operation");
        assertTrue(e.getMessage().contains("SignatureDoesNotMatch") || e.getMessage().contains("AccessDenied"),
                e.getMessage());
        assertTrue(!real.toString().contains(real.secretKey()), "the secret never appears in toString");
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
