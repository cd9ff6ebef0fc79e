package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code baton models versions}: the version, when it was published, its held-out
 * figures (test accuracy when the dataset had a {@code test/} split, else validation accuracy),
 * the epoch it holds, the job that trained it and its aliases.
 */
final class VersionLine {
    private static final String METRIC = "metric.";

    private VersionLine() {
    }

    /**
     * @param version a version as the gateway lists it
     * @return the line
     */
    static String format(JsonNode version) {
        JsonNode provenance = version.path("provenance");
        List<String> parts = new ArrayList<>();
        parts.add(String.format("v%-4d %s", version.path("version").asInt(), version.path("publishedAt").asText()));
        percent(provenance, "test_accuracy").ifPresent(p -> parts.add("test " + p));
        percent(provenance, "val_accuracy").ifPresent(p -> parts.add("val " + p));
        if (provenance.hasNonNull(METRIC + "best_epoch")) {
            parts.add("epoch " + (int) Double.parseDouble(provenance.path(METRIC + "best_epoch").asText()));
        }
        if (provenance.hasNonNull("jobId")) {
            parts.add("job " + provenance.path("jobId").asText());
        }
        List<String> aliases = new ArrayList<>();
        for (Iterator<JsonNode> it = version.path("aliases").elements(); it.hasNext(); ) {
            aliases.add(it.next().asText());
        }
        if (!aliases.isEmpty()) {
            parts.add("aliases " + String.join(",", aliases));
        }
        return String.join("  ", parts);
    }

    private static Optional<String> percent(JsonNode provenance, String metric) {
        JsonNode v = provenance.path(METRIC + metric);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(String.format("%.1f %%", 100 * Double.parseDouble(v.asText())));
    }
}
