package dev.baton.gateway.support;

import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.transfer.testing.MemoryPeaks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What one hostile request may leave behind in the gateway's process and storage, taken before it
 * ({@link #before}) and checked after it was answered ({@link #assertBounded}):
 * <ul>
 *   <li>memory: {@link MemoryPeaks} (retained heap and resident set at their peak, above the start);</li>
 *   <li>local disk: the gateway's spool, the {@code baton-base-*} entries of {@code java.io.tmpdir} (a base-model
 *       import unpacks into {@code baton-base-*}; dataset uploads stream image by image to the object store,
 *       predict bodies stay in memory under their limit, and no endpoint takes multipart uploads, so this is
 *       the only place the gateway writes to);</li>
 *   <li>the object store: the keys of every bucket ({@link ObjectKeys#ALL_BUCKETS}).</li>
 * </ul>
 */
public final class Footprint {
    /** The prefix of the gateway's temporary folders ({@code Files.createTempDirectory} in {@code BaseModelImport}). */
    private static final String SPOOL_PREFIX = "baton-base-";

    private final ObjectStore store;
    private final Set<String> spool;
    private final Set<String> objects;
    private final MemoryPeaks memory;

    private Footprint(ObjectStore store) {
        this.store = store;
        this.spool = spool();
        this.objects = objects(store);
        this.memory = MemoryPeaks.start();
    }

    /** @return the footprint now; memory peaks are measured from here */
    public static Footprint before(ObjectStore store) {
        return new Footprint(store);
    }

    /**
     * @param row the hostile request, for the messages
     * @param maxHeapGrowth the most retained heap the request may add at its peak
     * @param maxNativeGrowth the most resident memory it may add at its peak
     * @throws AssertionError when memory went over a limit, or a spool entry or object was left behind
     */
    public void assertBounded(String row, long maxHeapGrowth, long maxNativeGrowth) {
        memory.assertWithin(row, maxHeapGrowth, maxNativeGrowth);
        Set<String> leftInSpool = new TreeSet<>(spool());
        leftInSpool.removeAll(spool);
        if (!leftInSpool.isEmpty()) {
            throw new AssertionError(row + ": left in " + tmp() + ": " + leftInSpool);
        }
        Set<String> leftInStore = new TreeSet<>(objects(store));
        leftInStore.removeAll(objects);
        if (!leftInStore.isEmpty()) {
            throw new AssertionError(row + ": left in the object store: " + leftInStore);
        }
    }

    private static Set<String> spool() {
        try (Stream<Path> entries = Files.list(tmp())) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(SPOOL_PREFIX))
                    .collect(HashSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> objects(ObjectStore store) {
        Set<String> keys = new HashSet<>();
        for (String bucket : ObjectKeys.ALL_BUCKETS) {
            store.list(bucket, "").stream().map(ObjectInfo::key).forEach(key -> keys.add(bucket + "/" + key));
        }
        return keys;
    }

    private static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
