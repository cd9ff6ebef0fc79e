package dev.baton.inference.serving;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are answered. Requests complete out of order; the committable
 * offset of a partition is its lowest unanswered offset (or one past the highest taken), so a
 * commit never skips a request that has no result yet. A request whose result could not be
 * published ({@link #undelivered}) stays unanswered for good: commits stop below it, so the
 * request is redelivered after a restart (or when its partition moves to another worker).
 * Thread-safe.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, NavigableSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, NavigableSet<Long>> held = new HashMap<>();

    /** @param partition where @param offset a record that was taken */
    public synchronized void taken(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        next.merge(partition, offset + 1, Math::max);
    }

    /** @param partition where @param offset a record whose result is published */
    public synchronized void answered(TopicPartition partition, long offset) {
        NavigableSet<Long> set = pending.get(partition);
        if (set != null) {
            set.remove(offset);
        }
    }

    /**
     * @param partition where @param offset a record whose result could not be published: it is
     *     never committed past (until the partition is forgotten)
     */
    public synchronized void undelivered(TopicPartition partition, long offset) {
        held.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    }

    /** @return requests whose result could not be published, held back for redelivery */
    public synchronized int undelivered() {
        return held.values().stream().mapToInt(NavigableSet::size).sum();
    }

    /**
     * @return the offsets to commit that moved past the last commit the broker confirmed; they count
     *     as committed only once {@link #committed} is told (a failed commit is offered again)
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            NavigableSet<Long> set = pending.get(e.getKey());
            long offset = set == null || set.isEmpty() ? e.getValue() : set.first();
            Long last = committed.get(e.getKey());
            if (last == null || last < offset) {
                out.put(e.getKey(), new OffsetAndMetadata(offset));
            }
        }
        return out;
    }

    /**
     * Records offsets the broker confirmed (from a commit's callback, or after a synchronous commit);
     * partitions forgotten meanwhile are ignored.
     *
     * @param offsets what was committed
     */
    public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            if (next.containsKey(partition)) {
                committed.merge(partition, offset.offset(), Math::max);
            }
        });
    }

    /** @return requests taken and not yet answered (undelivered ones excluded) */
    public synchronized int unanswered() {
        return pending.values().stream().mapToInt(NavigableSet::size).sum() - undelivered();
    }

    /** @param partition a partition this consumer no longer owns */
    public synchronized void forget(TopicPartition partition) {
        pending.remove(partition);
        next.remove(partition);
        committed.remove(partition);
        held.remove(partition);
    }
}
