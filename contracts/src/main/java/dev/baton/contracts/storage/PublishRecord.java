package dev.baton.contracts.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The completion record of a published prefix ({@link ObjectKeys#PUBLISH_RECORD}), written after
 * every file it lists. Readers trust a prefix only when this record exists and every file it
 * lists is present with the listed size.
 *
 * @param files the published files, relative to the prefix
 * @param publishedAt when the record was written
 * @param attributes free-form facts about the publication (job id, version...)
 */
public record PublishRecord(List<PublishedFile> files, Instant publishedAt, Map<String, String> attributes) {

    /**
     * One published file.
     *
     * @param path relative to the prefix, with '/' separators
     * @param size its size in bytes
     * @param sha256 its SHA-256 in hex, or null when the publisher streamed it without hashing
     */
    public record PublishedFile(String path, long size, String sha256) {
    }

    /** @return the total size of the published files */
    public long totalBytes() {
        return files.stream().mapToLong(PublishedFile::size).sum();
    }
}
