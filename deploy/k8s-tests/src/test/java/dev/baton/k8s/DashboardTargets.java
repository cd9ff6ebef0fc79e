package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every query target of every panel of the dashboards in deploy/grafana/dashboards. */
final class DashboardTargets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardTargets() {
    }

    /**
     * One panel target.
     *
     * @param dashboard the dashboard's file name
     * @param panel the panel's title
     * @param refId the target's refId
     * @param expr its PromQL, with Grafana's variables in it
     * @param instant whether Grafana runs it as an instant query (tables, stats) rather than over the range
     * @param variables the dashboard's template variables and their current values
     */
    record Target(String dashboard, String panel, String refId, String expr, boolean instant, Map<String, String> variables) {
        /** @return "file | panel | refId", the key of the legitimately-empty list */
        String key() {
            return dashboard + " | " + panel + " | " + refId;
        }
    }

    /** @return every target, in file and panel order */
    static List<Target> all() {
        List<Target> targets = new ArrayList<>();
        try (Stream<Path> files = Files.list(Project.grafanaDashboards())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                Map<String, String> variables = new LinkedHashMap<>();
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    String value = variable.path("current").path("value").asText(variable.path("query").asText());
                    variables.put(variable.path("name").asText(), value);
                }
                for (JsonNode panel : panels(dashboard)) {
                    for (JsonNode target : panel.path("targets")) {
                        targets.add(new Target(file.getFileName().toString(), panel.path("title").asText(),
                                target.path("refId").asText(), target.path("expr").asText(),
                                target.path("instant").asBoolean(false) && !target.path("range").asBoolean(false),
                                variables));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return targets;
    }

    /** @return the panels, including those inside collapsed rows */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }
}
