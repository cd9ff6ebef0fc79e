package dev.baton.contracts.storage;

import java.time.Instant;

/**
 * What the store knows of one object.
 *
 * @param key the object key
 * @param size its size in bytes
 * @param etag the store's entity tag (changes when the content changes)
 * @param lastModified when it was last written
 */
public record ObjectInfo(String key, long size, String etag, Instant lastModified) {
}
