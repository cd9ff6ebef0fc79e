package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every overlay renders, and every rendered resource is valid against its schema. */
class ManifestSchemaTest {
    private final Schemas schemas = new Schemas(Project.schemas());

    @TestFactory
    Stream<DynamicTest> everyResourceOfEveryOverlayValidates() {
        Kustomize kustomize = Kustomize.reference();
        System.out.println("[k8s-tests] reference renderer: " + kustomize.version());
        return Project.kustomizations().stream().map(dir -> DynamicTest.dynamicTest(Project.name(dir), () -> {
            List<ObjectNode> resources = kustomize.render(dir);
            assertFalse(resources.isEmpty(), Project.name(dir) + " renders no resource");
            List<String> problems = new ArrayList<>();
            for (ObjectNode resource : resources) {
                problems.addAll(schemas.validate(resource));
            }
            System.out.printf("[k8s-tests] %s: %d resources validated, %d problems%n", Project.name(dir),
                    resources.size(), problems.size());
            assertTrue(problems.isEmpty(), Project.name(dir) + " has invalid resources:\n  " + String.join("\n  ", problems));
        }));
    }

    /** A newer Kustomize (kubectl on the PATH, if there is one) renders the same resources. */
    @TestFactory
    Stream<DynamicTest> aNewerKustomizeRendersTheSameResources() {
        Optional<Kustomize> secondary = Kustomize.secondary();
        if (secondary.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("no second kubectl on the PATH: reference renderer only",
                    () -> assertFalse(Project.kustomizations().isEmpty())));
        }
        System.out.println("[k8s-tests] second renderer: " + secondary.get().version());
        return Project.kustomizations().stream().map(dir -> DynamicTest.dynamicTest(Project.name(dir), () ->
                assertEquals(sorted(Kustomize.reference().render(dir)), sorted(secondary.get().render(dir)),
                        Project.name(dir) + " renders differently with " + secondary.get().version())));
    }

    private static List<ObjectNode> sorted(List<ObjectNode> resources) {
        return resources.stream().sorted(Comparator.comparing(r -> r.path("kind").asText() + "/" + r.path("metadata").path("name").asText()))
                .toList();
    }

    @Test
    void aKindWithoutSchemaFails() {
        ObjectNode unknown = yaml("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {}
                """);
        List<String> problems = schemas.validate(unknown);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("no schema"), problems.toString());
        ObjectNode unknownCore = yaml("""
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: rc}
                """);
        assertTrue(schemas.validate(unknownCore).get(0).contains("no schema"));
    }

    @Test
    void anUnknownOrWrongFieldFails() {
        ObjectNode deployment = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: "three"
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          resource: {limits: {cpu: "1"}}
                """);
        List<String> problems = schemas.validate(deployment);
        assertTrue(problems.stream().anyMatch(p -> p.contains("resource")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("replicas")), problems.toString());
        ObjectNode scaledObject = yaml("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec:
                  scaleTargetRef: {name: x}
                  minReplicas: 0
                """);
        List<String> keda = schemas.validate(scaledObject);
        assertTrue(keda.stream().anyMatch(p -> p.contains("triggers")), keda.toString());
        assertTrue(keda.stream().anyMatch(p -> p.contains("minReplicas")), keda.toString());
    }

    @Test
    void schemaFilesAreFoundByKind() {
        Path root = Project.schemas();
        assertEquals(root.resolve("v1.30.0-standalone-strict/deployment-apps-v1.json"), schemas.schemaFile("apps/v1", "Deployment"));
        assertEquals(root.resolve("v1.30.0-standalone-strict/ingress-networking-v1.json"),
                schemas.schemaFile("networking.k8s.io/v1", "Ingress"));
        assertEquals(root.resolve("v1.30.0-standalone-strict/configmap-v1.json"), schemas.schemaFile("v1", "ConfigMap"));
        assertEquals(root.resolve("kafka.strimzi.io/kafkatopic_v1.json"), schemas.schemaFile("kafka.strimzi.io/v1", "KafkaTopic"));
    }

    static ObjectNode yaml(String text) {
        return Kustomize.parse(text).get(0);
    }
}
