package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names Baton's dashboards, alerts and autoscalers use, read out of their PromQL, and the
 * names a Prometheus text exposition (a /q/metrics scrape) holds.
 */
final class MetricNames {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN");

    private MetricNames() {
    }

    /** @return the metric names one PromQL expression selects */
    static Set<String> inExpression(String promql) {
        String s = STRING.matcher(promql).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\$[a-zA-Z_]+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            if (m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1))) {
                continue; // a unit or exponent of a number (5m, 1e3)
            }
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean call = next < s.length() && s.charAt(next) == '(';
            if (!call && !KEYWORDS.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }

    /** @return for each metric name, where it is used ("dashboard baton-training.json: panel title", ...) */
    static Map<String, Set<String>> used() {
        Map<String, Set<String>> uses = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(Project.grafanaDashboards())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(f.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        add(uses, target.path("expr").asText(), "dashboard " + f.getFileName() + ": " + panel.path("title").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (ObjectNode rule : Kustomize.reference().render(Project.prometheusRules())) {
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    add(uses, r.path("expr").asText(), "alert " + r.path("alert").asText(r.path("record").asText()));
                }
            }
        }
        for (String overlay : List.of("overlays/cpu", "overlays/gpu")) {
            for (ObjectNode so : Rendered.of(overlay).all("ScaledObject")) {
                for (JsonNode t : so.path("spec").path("triggers")) {
                    if (t.path("type").asText().equals("prometheus")) {
                        add(uses, t.path("metadata").path("query").asText(), "KEDA " + so.path("metadata").path("name").asText());
                    }
                }
            }
        }
        return uses;
    }

    private static void add(Map<String, Set<String>> uses, String expr, String where) {
        if (expr.isBlank()) {
            throw new AssertionError(where + " has no expression");
        }
        for (String name : inExpression(expr)) {
            uses.computeIfAbsent(name, k -> new TreeSet<>()).add(where);
        }
    }

    /** @return the sample names in a Prometheus text exposition */
    static Set<String> inExposition(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = IDENTIFIER.matcher(line);
            if (m.lookingAt()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** @return the names listed in a "not exposed yet" file: first column, # comments */
    static Map<String, String> pending(Path file) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return out;
    }

    static List<String> lines(Map<String, Set<String>> uses, Set<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(n + "  <- " + String.join("; ", uses.getOrDefault(n, Set.of())));
        }
        return out;
    }
}
