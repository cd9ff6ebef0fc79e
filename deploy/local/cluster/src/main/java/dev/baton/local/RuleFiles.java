package dev.baton.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code PrometheusRule} of {@code deploy/prometheus} (the Prometheus operator's resource)
 * into a plain Prometheus rule file: its {@code spec.groups}, one level less indented.
 */
final class RuleFiles {
    private RuleFiles() {
    }

    /**
     * @param prometheusRule the resource's YAML, with {@code spec:} at the top level and {@code groups:} indented under it
     * @return a rule file whose top level is {@code groups:}
     * @throws LocalClusterException when the text has no {@code spec.groups}
     */
    static String ruleGroups(String prometheusRule) {
        List<String> out = new ArrayList<>();
        boolean inSpec = false;
        String indent = null;
        for (String line : prometheusRule.split("\n", -1)) {
            if (!inSpec) {
                inSpec = line.equals("spec:");
                continue;
            }
            if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("#")) {
                break; // the next top-level key
            }
            if (indent == null && line.strip().equals("groups:")) {
                indent = line.substring(0, line.indexOf('g'));
            }
            if (indent != null) {
                out.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
            }
        }
        if (indent == null) {
            throw new LocalClusterException("the PrometheusRule has no spec.groups");
        }
        return String.join("\n", out).strip() + "\n";
    }
}
