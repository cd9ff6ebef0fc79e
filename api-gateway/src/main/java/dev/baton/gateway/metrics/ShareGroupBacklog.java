package dev.baton.gateway.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How many records of a topic a share group has not finished: per partition the group's lag as the
 * broker reports it (KIP-1226: records after the share-partition start offset that are not yet
 * acknowledged, so a job a trainer holds counts until it is acknowledged), or, for a partition the
 * group has not touched yet (no trainer ever ran, and the group reads from the earliest offset),
 * every record the partition still retains. With the count it gives, per partition that has
 * unfinished records, the offset of the first one (the share-partition start offset, or the log start
 * for an untouched partition): {@link QueueHead} reads its timestamp for the oldest job's age. The
 * start offset may trail records already finished (the broker moves it when it writes the share
 * partition's state), never unfinished ones, so that age is never younger than the oldest unfinished
 * job's.
 */
public final class ShareGroupBacklog {
    private final Admin admin;
    private final String topic;
    private final String group;
    private final long timeoutMillis;

    /**
     * @param admin the Kafka admin client
     * @param topic the queue topic
     * @param group the share group that takes from it
     * @param timeoutMillis how long one reading may take
     */
    public ShareGroupBacklog(Admin admin, String topic, String group, long timeoutMillis) {
        this.admin = admin;
        this.topic = topic;
        this.group = group;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @return the records the group has not finished, and where the first of them lies
     * @throws BacklogUnavailableException when the broker does not answer in time
     */
    public Backlog read() {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, SharePartitionOffsetInfo> group = groupOffsets(partitions);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> {
                latest.put(p, OffsetSpec.latest());
                earliest.put(p, OffsetSpec.earliest());
            });
            var ends = admin.listOffsets(latest).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            var starts = admin.listOffsets(earliest).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            long backlog = 0;
            Map<TopicPartition, Long> heads = new HashMap<>();
            for (TopicPartition p : partitions) {
                long end = ends.get(p).offset();
                SharePartitionOffsetInfo info = group.get(p);
                long first;
                long unfinished;
                if (info == null || info.startOffset() < 0) {
                    first = starts.get(p).offset();
                    unfinished = end - first;
                } else {
                    first = Math.max(info.startOffset(), starts.get(p).offset());
                    unfinished = info.lag().orElse(Math.max(0, end - info.startOffset()));
                }
                backlog += unfinished;
                if (unfinished > 0) {
                    heads.put(p, first);
                }
            }
            return new Backlog(backlog, heads);
        } catch (ExecutionException | TimeoutException e) {
            throw new BacklogUnavailableException("cannot read the backlog of " + topic + " for share group " + group
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacklogUnavailableException("interrupted while reading the backlog of " + topic, e);
        }
    }

    private Map<TopicPartition, SharePartitionOffsetInfo> groupOffsets(List<TopicPartition> partitions)
            throws InterruptedException, TimeoutException, ExecutionException {
        try {
            Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec().topicPartitions(partitions)))
                    .partitionsToOffsetInfo(group).get(timeoutMillis, TimeUnit.MILLISECONDS);
            return offsets == null ? Map.of() : offsets;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    /**
     * What the share group has not finished.
     *
     * @param records how many records (jobs) are waiting or held by a consumer
     * @param heads per partition with unfinished records, the offset of the first of them
     */
    public record Backlog(long records, Map<TopicPartition, Long> heads) {
        /** Copies the map. */
        public Backlog {
            heads = Map.copyOf(heads);
        }
    }

    /** The broker could not tell the backlog (down, or too slow); the gauge shows no value then. */
    public static final class BacklogUnavailableException extends RuntimeException {
        BacklogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
