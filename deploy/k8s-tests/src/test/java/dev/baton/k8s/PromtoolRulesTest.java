package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Baton's alerts through Prometheus' own tool: the rendered {@code PrometheusRule}'s groups are written
 * as a plain rule file, {@code promtool check rules} accepts them, and {@code promtool test rules} runs
 * the unit tests in {@code deploy/prometheus/tests}, which must make every alert fire (with its labels
 * and annotations) on some synthetic series and stay silent on others. The rules themselves follow
 * the on-call conventions: a {@code for:}, a severity, a summary, a description and a runbook on each,
 * and no {@code or vector(0)} that would read missing data as zero.
 */
class PromtoolRulesTest {
    private static final Path WORK = Project.root().resolve("deploy/k8s-tests/target/promtool");
    private static final String RULE_FILE = "baton-alerts.rules.yml";
    private static List<JsonNode> alerts;

    @BeforeAll
    static void writeRuleFile() throws IOException {
        List<ObjectNode> rules = Kustomize.reference().render(Project.prometheusRules()).stream()
                .filter(r -> r.path("kind").asText().equals("PrometheusRule")).toList();
        assertEquals(1, rules.size(), "one PrometheusRule in deploy/prometheus");
        Files.createDirectories(WORK);
        ObjectNode file = Kustomize.YAML.createObjectNode();
        file.set("groups", rules.get(0).path("spec").path("groups"));
        Files.writeString(WORK.resolve(RULE_FILE), Kustomize.YAML.writeValueAsString(file));
        alerts = new ArrayList<>();
        for (JsonNode group : file.path("groups")) {
            group.path("rules").forEach(alerts::add);
        }
    }

    @Test
    void promtoolAcceptsTheRules() {
        Kustomize.Result r = promtool("check", "rules", WORK.resolve(RULE_FILE).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("SUCCESS: " + alerts.size() + " rules found"), r.out() + r.err());
    }

    @Test
    void everyAlertFiresOnSomeSeriesAndStaysSilentOnOthersInPromtoolUnitTests() throws IOException {
        List<Path> tests;
        try (Stream<Path> files = Files.list(Project.prometheusRules().resolve("tests"))) {
            tests = files.filter(p -> p.toString().endsWith(".test.yaml")).sorted().toList();
        }
        assertFalse(tests.isEmpty(), "no promtool unit tests in deploy/prometheus/tests");
        Map<String, Set<String>> cases = new TreeMap<>();
        List<String> arguments = new ArrayList<>(List.of("test", "rules"));
        for (Path test : tests) {
            Path copy = WORK.resolve(test.getFileName());
            Files.copy(test, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            arguments.add(copy.toString());
            JsonNode content = Kustomize.YAML.readTree(test.toFile());
            assertEquals(List.of(RULE_FILE), Kustomize.YAML.convertValue(content.path("rule_files"), List.class),
                    test.getFileName() + " tests the rendered rule file");
            for (JsonNode testCase : content.path("tests")) {
                for (JsonNode check : testCase.path("alert_rule_test")) {
                    boolean fires = !check.path("exp_alerts").isEmpty();
                    cases.computeIfAbsent(check.path("alertname").asText(), k -> new TreeSet<>())
                            .add(fires ? "fires" : "silent");
                    for (JsonNode expected : check.path("exp_alerts")) {
                        assertFalse(expected.path("exp_annotations").isEmpty(), test.getFileName() + ": "
                                + check.path("alertname").asText() + " fires without its annotations checked");
                    }
                }
            }
        }
        Kustomize.Result r = promtool(arguments.toArray(String[]::new));
        assertEquals(0, r.code(), "promtool test rules failed:\n" + r.out() + r.err());

        List<String> problems = new ArrayList<>();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            Set<String> covered = cases.getOrDefault(name, Set.of());
            if (!covered.equals(Set.of("fires", "silent"))) {
                problems.add(name + ": unit tests where it " + covered + "; needs both 'fires' and 'silent'");
            }
        }
        Set<String> unknown = new TreeSet<>(cases.keySet());
        alerts.forEach(a -> unknown.remove(a.path("alert").asText()));
        unknown.forEach(n -> problems.add(n + ": tested but no such alert"));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        System.out.println("[k8s-tests] promtool test rules: " + cases.size() + " alerts, each firing and silent, in "
                + tests.size() + " files");
    }

    @Test
    void everyAlertHasAForASeverityAndWhatOnCallNeeds() {
        List<String> problems = new ArrayList<>();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            if (name.isEmpty()) {
                continue; // a recording rule
            }
            if (alert.path("for").asText().isEmpty()) {
                problems.add(name + " has no 'for:' (one bad scrape would page)");
            }
            if (!Set.of("critical", "warning").contains(alert.path("labels").path("severity").asText())) {
                problems.add(name + " has no severity critical or warning");
            }
            for (String annotation : List.of("summary", "description", "runbook")) {
                if (alert.path("annotations").path(annotation).asText().isBlank()) {
                    problems.add(name + " has no " + annotation + " annotation");
                }
            }
            if (alert.path("expr").asText().replace(" ", "").contains("vector(0)")) {
                problems.add(name + " reads missing data as 0 ('or vector(0)'): use 'unless' or an absent() alert");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Kustomize.Result promtool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(PrometheusDist.promtool().toString()));
        command.addAll(List.of(arguments));
        return Kustomize.run(command, 120);
    }
}
