package dev.baton.contracts.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Baton's object-store client, over the MinIO Java SDK: put, get, stat, list and delete, with
 * streaming multipart upload for large objects (parts of {@link #PART_SIZE}, never the whole
 * object in memory). Errors become {@link ObjectNotFoundException} or {@link ObjectStoreException}
 * naming bucket and key. Thread-safe.
 */
public final class ObjectStore {
    /** Part size of multipart uploads when the length is unknown (S3's minimum is 5 MiB). */
    public static final long PART_SIZE = 8L * 1024 * 1024;

    /** The operations whose failures {@link #onFailure} reports: the first word of each call's description. */
    public static final List<String> OPERATIONS = List.of("create", "write", "read", "stat", "list", "delete");

    private final MinioClient client;
    private final ObjectStoreConfig config;
    private volatile Consumer<String> failureListener = operation -> { };
    private volatile BiConsumer<String, Duration> callListener = (operation, took) -> { };

    private ObjectStore(MinioClient client, ObjectStoreConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * @param config endpoint and credentials
     * @return a client (no request is made yet)
     */
    public static ObjectStore connect(ObjectStoreConfig config) {
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        return new ObjectStore(client, config);
    }

    /**
     * Tells a listener about every failed S3 call (not about a missing object, which callers expect);
     * the services count them per operation.
     *
     * @param listener receives the operation, one of {@link #OPERATIONS}
     * @return this store
     */
    public ObjectStore onFailure(Consumer<String> listener) {
        this.failureListener = java.util.Objects.requireNonNull(listener);
        return this;
    }

    /**
     * Tells a listener how long every S3 call took (until the answer's headers for a read), whether
     * it succeeded or not; the services time them per operation.
     *
     * @param listener receives the operation (one of {@link #OPERATIONS}, or "other") and the call's duration
     * @return this store
     */
    public ObjectStore onCall(BiConsumer<String, Duration> listener) {
        this.callListener = java.util.Objects.requireNonNull(listener);
        return this;
    }

    /** @return endpoint and access key (never the secret) */
    public ObjectStoreConfig config() {
        return config;
    }

    /**
     * Creates the bucket unless it exists.
     *
     * @param bucket the bucket name
     */
    public void ensureBucket(String bucket) {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** @return whether the store answers an authenticated request */
    public boolean isReachable() {
        try {
            client.listBuckets();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Writes a small object from memory.
     */
    public void put(String bucket, String key, byte[] content, String contentType) {
        put(bucket, key, new ByteArrayInputStream(content), content.length, contentType);
    }

    /**
     * Streams an object into the store; with an unknown length ({@code -1}) it is sent as a
     * multipart upload of {@link #PART_SIZE} parts, so its size is bounded only by the store.
     *
     * @param length the exact length, or -1 when unknown
     */
    public void put(String bucket, String key, InputStream content, long length, String contentType) {
        call("write " + bucket + "/" + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key)
                .stream(content, length, length >= 0 && length < PART_SIZE ? -1 : PART_SIZE)
                .contentType(contentType == null ? "application/octet-stream" : contentType)
                .build()));
    }

    /** Uploads a local file (streamed, multipart when large). */
    public void putFile(String bucket, String key, Path file, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            put(bucket, key, in, Files.size(file), contentType);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + file + " to upload it to " + bucket + "/" + key, e);
        }
    }

    /**
     * Opens an object for reading; the caller closes the stream.
     *
     * @throws ObjectNotFoundException when it does not exist
     */
    public InputStream open(String bucket, String key) {
        return call("read " + bucket + "/" + key, bucket, key,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /** @return the whole object (for small objects: manifests, records) */
    public byte[] read(String bucket, String key) {
        try (InputStream in = open(bucket, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + bucket + "/" + key, e);
        }
    }

    /** Downloads an object to a file, atomically (a partial download never has the target's name). */
    public void download(String bucket, String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            try (InputStream in = open(bucket, key)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot download " + bucket + "/" + key + " to " + target, e);
        }
    }

    /** @return the object's metadata, or empty when it does not exist */
    public Optional<ObjectInfo> stat(String bucket, String key) {
        try {
            StatObjectResponse stat = call("stat " + bucket + "/" + key, bucket, key,
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
            return Optional.of(new ObjectInfo(key, stat.size(), stat.etag(),
                    stat.lastModified() == null ? null : stat.lastModified().toInstant()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * @return every object under the prefix (recursively), in key order
     */
    public List<ObjectInfo> list(String bucket, String prefix) {
        return call("list " + bucket + "/" + prefix, () -> {
            List<ObjectInfo> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    Instant modified = item.lastModified() == null ? null : item.lastModified().toInstant();
                    objects.add(new ObjectInfo(item.objectName(), item.size(), item.etag(), modified));
                }
            }
            objects.sort(java.util.Comparator.comparing(ObjectInfo::key));
            return objects;
        });
    }

    /**
     * @return the immediate "sub-folders" under the prefix (each ending with '/')
     */
    public List<String> listPrefixes(String bucket, String prefix) {
        return call("list " + bucket + "/" + prefix, () -> {
            List<String> prefixes = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).delimiter("/").build())) {
                Item item = result.get();
                if (item.isDir()) {
                    prefixes.add(item.objectName());
                }
            }
            prefixes.sort(String::compareTo);
            return prefixes;
        });
    }

    /** Deletes one object (no error when it is already gone). */
    public void delete(String bucket, String key) {
        call("delete " + bucket + "/" + key,
                () -> {
                    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                    return null;
                });
    }

    /**
     * Deletes every object under a prefix.
     *
     * @return how many objects were deleted
     */
    public int deletePrefix(String bucket, String prefix) {
        List<ObjectInfo> objects = list(bucket, prefix);
        objects.forEach(o -> delete(bucket, o.key()));
        return objects.size();
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, StoreCall<T> action) {
        return call(what, null, null, action);
    }

    private <T> T call(String what, String bucket, String key, StoreCall<T> action) {
        long start = System.nanoTime();
        try {
            return action.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (key != null && ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NoSuchObject".equals(code))) {
                throw new ObjectNotFoundException(bucket, key);
            }
            failed(what);
            throw new ObjectStoreException("cannot " + what + ": " + code + " " + e.errorResponse().message(), e);
        } catch (ObjectNotFoundException e) {
            throw e;
        } catch (ObjectStoreException e) {
            failed(what);
            throw e;
        } catch (Exception e) {
            failed(what);
            throw new ObjectStoreException("cannot " + what + " at " + config.endpoint() + ": " + e, e);
        } finally {
            callListener.accept(operation(what), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void failed(String what) {
        failureListener.accept(operation(what));
    }

    private static String operation(String what) {
        int space = what.indexOf(' ');
        String operation = space < 0 ? what : what.substring(0, space);
        return OPERATIONS.contains(operation) ? operation : "other";
    }
}
