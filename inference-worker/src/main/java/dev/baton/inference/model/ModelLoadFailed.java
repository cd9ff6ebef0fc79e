package dev.baton.inference.model;

import java.time.Instant;

/**
 * Event (CDI and log) fired when a bundle fails to load or warm up; the version that served before keeps serving.
 *
 * @param version the version that failed
 * @param reason why
 * @param at when
 */
public record ModelLoadFailed(ModelVersion version, String reason, Instant at) {
}
