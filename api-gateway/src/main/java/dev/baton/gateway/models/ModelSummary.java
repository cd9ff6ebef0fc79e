package dev.baton.gateway.models;

import java.util.Map;

/**
 * A model: its newest version and where its aliases point.
 *
 * @param name the model
 * @param latestVersion the newest complete version
 * @param versions how many complete versions it has
 * @param aliases alias to version
 */
public record ModelSummary(String name, int latestVersion, int versions, Map<String, Integer> aliases) {
}
