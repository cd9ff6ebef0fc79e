package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule of {@link Rules} holds on every overlay an operator deploys. What cannot run here (no
 * Kubernetes control plane) is checked on the rendered manifests instead.
 */
class PolicyTest {
    @TestFactory
    Stream<DynamicTest> everyRuleHoldsOnEveryDeployableOverlay() {
        return Rendered.DEPLOYABLE.stream().flatMap(overlay -> Rules.ALL.stream().map(rule ->
                DynamicTest.dynamicTest(overlay + ": " + rule.name(), () -> {
                    List<String> violations = rule.violations(Rendered.of(overlay));
                    assertTrue(violations.isEmpty(), overlay + " breaks " + rule.name() + ":\n  " + String.join("\n  ", violations));
                })));
    }

    @Test
    void everyImagePendingADigestIsStillUsed() {
        Set<String> used = new TreeSet<>();
        for (String overlay : Rendered.DEPLOYABLE) {
            for (ObjectNode w : Rendered.of(overlay).workloadResources()) {
                for (JsonNode c : Rules.containers(w)) {
                    used.add(c.path("image").asText());
                }
            }
        }
        for (String pending : ImageReferences.pendingDigest()) {
            assertTrue(used.contains(pending), pending + " is listed in images-pending-digest.txt but no manifest uses it: "
                    + "remove the line");
        }
    }

    @Test
    void theObjectStoreIsChosenByTheOverlay() {
        for (String overlay : List.of("overlays/cpu", "overlays/gpu")) {
            Rendered r = Rendered.of(overlay);
            assertEquals("http://seaweedfs.baton.svc.cluster.local:8333",
                    r.get("ConfigMap", "baton-object-store").path("data").path("BATON_S3_ENDPOINT").asText(), overlay);
            assertTrue(r.get("StatefulSet", "seaweedfs").toString().contains("/etc/seaweedfs/s3.json"),
                    overlay + ": SeaweedFS reads its identities from the operator's Secret");
        }
        Rendered external = Rendered.of("overlays/external-s3");
        assertTrue(external.all("StatefulSet").isEmpty(), "external-s3 runs no object store");
        assertTrue(external.get("ConfigMap", "baton-object-store").path("data").path("BATON_S3_ENDPOINT").asText()
                .startsWith("https://"), "your own S3 over HTTPS");
    }

    @Test
    void memoryBudgetsAreComputedForEveryServiceOfEveryOverlay() {
        for (String overlay : Rendered.DEPLOYABLE) {
            List<MemoryBudget> budgets = MemoryBudget.of(Rendered.of(overlay));
            assertEquals(Set.copyOf(Rules.SERVICES.stream().map(s -> "Deployment/" + s).toList()),
                    Set.copyOf(budgets.stream().map(MemoryBudget::workload).toList()), overlay);
            budgets.forEach(b -> System.out.printf("[k8s-tests] %s %s: %s%n", overlay, b.workload(), b));
        }
    }
}
