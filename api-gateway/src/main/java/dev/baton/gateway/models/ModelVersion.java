package dev.baton.gateway.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One published version of a model, from its bundle's completion record.
 *
 * @param model the model
 * @param version the version
 * @param publishedAt when the bundle became complete
 * @param provenance what the trainer recorded with it (job id, base, head, strategy, metrics...)
 * @param files the bundle's files
 * @param aliases the aliases that point at it
 */
public record ModelVersion(String model, int version, Instant publishedAt, Map<String, String> provenance,
        List<String> files, List<String> aliases) {
}
