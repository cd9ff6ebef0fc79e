package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Tests of the rules themselves: each rule fails on a rendered overlay into which its defect (the one the
 * review found) is put back, and its message names the resource at fault.
 */
class PolicyRulesCatchDefectsTest {
    /** A defect put back into a copy of a rendered overlay, and the resource the rule must name. */
    record Defect(Rule rule, String overlay, String description, Consumer<Rendered> reintroduce, String names) {
    }

    static List<Defect> defects() {
        List<Defect> d = new ArrayList<>();
        d.add(new Defect(Rules.API_KEYS_FROM_SECRET, "overlays/gpu", "the gateway gets no API keys",
                r -> removeEnv(container(r, "Deployment", "api-gateway"), "QUARKUS_CONFIG_LOCATIONS"), "Deployment/api-gateway"));
        d.add(new Defect(Rules.NO_SECRET_OBJECTS, "overlays/gpu", "a placeholder Secret ships with the manifests",
                r -> r.resources().add(ManifestSchemaTest.yaml("""
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: baton-s3, namespace: baton}
                        stringData: {access-key: baton, secret-key: change-me-baton-s3-secret}
                        """)), "Secret/baton-s3"));
        d.add(new Defect(Rules.IMMUTABLE_IMAGES, "overlays/gpu", "the object store runs by tag",
                r -> container(r, "StatefulSet", "seaweedfs").put("image", "chrislusf/seaweedfs:4.48"), "StatefulSet/seaweedfs"));
        d.add(new Defect(Rules.IMMUTABLE_IMAGES, "overlays/cpu", "a -SNAPSHOT image",
                r -> container(r, "Deployment", "api-gateway").put("image", "baton/api-gateway:0.1.0-SNAPSHOT"),
                "Deployment/api-gateway"));
        d.add(new Defect(Rules.NO_REMOVED_IMAGES, "overlays/gpu", "MinIO's removed image",
                r -> container(r, "StatefulSet", "seaweedfs").put("image", "minio/minio:RELEASE.2025-04-22T22-12-26Z"),
                "StatefulSet/seaweedfs"));
        d.add(new Defect(Rules.KEDA_FULLY_QUALIFIED, "overlays/gpu", "a short Kafka name in the KEDA trigger",
                r -> trigger(r, "inference-worker", "kafka").put("bootstrapServers", "baton-kafka-bootstrap:9092"),
                "ScaledObject/inference-worker"));
        d.add(new Defect(Rules.KEDA_FALLBACK, "overlays/gpu", "no fallback",
                r -> ((ObjectNode) r.get("ScaledObject", "trainer-worker").path("spec")).remove("fallback"),
                "ScaledObject/trainer-worker"));
        d.add(new Defect(Rules.KEDA_OWNS_REPLICAS, "overlays/gpu", "replicas on a KEDA-scaled Deployment",
                r -> ((ObjectNode) r.get("Deployment", "inference-worker").path("spec")).put("replicas", 2),
                "Deployment/inference-worker"));
        d.add(new Defect(Rules.SCALE_ON_WHAT_REPLICAS_LOWER, "overlays/gpu", "latency trigger includes model time",
                r -> trigger(r, "inference-worker", "prometheus").put("query", "histogram_quantile(0.99, sum by (le) "
                        + "(rate(baton_inference_queue_seconds_bucket[2m]))) + histogram_quantile(0.99, sum by (le) "
                        + "(rate(baton_inference_compute_seconds_bucket[2m])))"), "ScaledObject/inference-worker"));
        d.add(new Defect(Rules.GUARANTEED_QOS, "overlays/cpu", "memory request below the limit",
                r -> ((ObjectNode) container(r, "Deployment", "trainer-worker").path("resources").path("requests"))
                        .put("memory", "8Gi"), "Deployment/trainer-worker"));
        d.add(new Defect(Rules.MEMORY_BUDGET, "overlays/gpu", "70 % heap of 3 GiB beside 4 models",
                r -> {
                    ObjectNode c = container(r, "Deployment", "inference-worker");
                    ((ObjectNode) c.path("resources").path("limits")).put("memory", "3Gi");
                    setEnv(c, "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=70 -Dai.djl.offline=true -Xss4m");
                }, "Deployment/inference-worker"));
        d.add(new Defect(Rules.MEMORY_BUDGET, "overlays/cpu", "CPU trainer: 70 % heap of 12 GiB",
                r -> setEnv(container(r, "Deployment", "trainer-worker"), "JAVA_TOOL_OPTIONS",
                        "-XX:MaxRAMPercentage=70 -Dai.djl.offline=true -Xss4m"), "Deployment/trainer-worker"));
        d.add(new Defect(Rules.INGRESS_TLS, "overlays/gpu", "Ingress without TLS",
                r -> ((ObjectNode) r.get("Ingress", "api-gateway").path("spec")).remove("tls"), "Ingress/api-gateway"));
        d.add(new Defect(Rules.INGRESS_API_ONLY, "overlays/gpu", "Ingress routes / (and so /q/metrics, Swagger UI)",
                r -> ((ObjectNode) r.get("Ingress", "api-gateway").path("spec").path("rules").get(0).path("http").path("paths")
                        .get(0)).put("path", "/"), "Ingress/api-gateway"));
        d.add(new Defect(Rules.INGRESS_UPLOADS, "overlays/gpu", "512m body limit",
                r -> ((ObjectNode) r.get("Ingress", "api-gateway").path("metadata").path("annotations"))
                        .put("nginx.ingress.kubernetes.io/proxy-body-size", "512m"), "Ingress/api-gateway"));
        d.add(new Defect(Rules.INGRESS_UPLOADS, "overlays/gpu", "buffered uploads and 60 s timeouts",
                r -> {
                    ObjectNode a = (ObjectNode) r.get("Ingress", "api-gateway").path("metadata").path("annotations");
                    a.remove("nginx.ingress.kubernetes.io/proxy-request-buffering");
                    a.remove("nginx.ingress.kubernetes.io/proxy-read-timeout");
                }, "Ingress/api-gateway"));
        d.add(new Defect(Rules.KAFKA_LISTENERS, "overlays/gpu", "a plain listener open to any pod",
                r -> ((ArrayNode) r.get("Kafka", "baton").path("spec").path("kafka").path("listeners"))
                        .add(ManifestSchemaTest.yaml("{name: plain, port: 9092, type: internal, tls: false}")),
                "Kafka/baton"));
        d.add(new Defect(Rules.KAFKA_USERS, "overlays/gpu", "a KafkaUser allowed everything",
                r -> ((ArrayNode) r.get("KafkaUser", "baton-trainer").path("spec").path("authorization").path("acls"))
                        .add(ManifestSchemaTest.yaml("{resource: {type: topic, name: '*'}, operations: [All]}")),
                "KafkaUser/baton-trainer"));
        d.add(new Defect(Rules.NETWORK_DEFAULT_DENY, "overlays/gpu", "no default-deny policy",
                r -> r.resources().remove(r.get("NetworkPolicy", "default-deny")), "NetworkPolicy/default-deny"));
        d.add(new Defect(Rules.NETWORK_FLOWS, "overlays/gpu", "Kafka's ingress policy is gone",
                r -> r.resources().remove(r.get("NetworkPolicy", "kafka-clients")), "api-gateway -> baton-kafka:9093"));
        d.add(new Defect(Rules.NETWORK_FLOWS, "overlays/gpu", "Kafka open to every namespace",
                r -> r.resources().add(ManifestSchemaTest.yaml("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: kafka-open, namespace: baton}
                        spec:
                          podSelector: {matchLabels: {strimzi.io/kind: Kafka}}
                          policyTypes: [Ingress]
                          ingress: [{from: [{namespaceSelector: {}}]}]
                        """)), "a pod of another namespace -> baton-kafka:9093"));
        d.add(new Defect(Rules.NETWORK_FLOWS, "overlays/external-s3", "the external store unreachable",
                r -> r.resources().remove(r.get("NetworkPolicy", "services-to-object-store")),
                "trainer-worker -> an S3 endpoint outside the cluster:443"));
        d.add(new Defect(Rules.SPREAD_REPLICAS, "overlays/gpu", "three gateways may share one node",
                r -> ((ObjectNode) r.podSpec("Deployment", "api-gateway")).remove("topologySpreadConstraints"),
                "Deployment/api-gateway"));
        d.add(new Defect(Rules.SPREAD_REPLICAS, "overlays/gpu", "three Kafka nodes may share one machine",
                r -> ((ObjectNode) r.get("KafkaNodePool", "dual-role").path("spec").path("template").path("pod")).remove("affinity"),
                "KafkaNodePool/dual-role"));
        d.add(new Defect(Rules.POD_SECURITY_RESTRICTED, "overlays/gpu", "no container securityContext",
                r -> container(r, "Deployment", "inference-worker").remove("securityContext"), "Deployment/inference-worker"));
        d.add(new Defect(Rules.POD_SECURITY_RESTRICTED, "overlays/gpu", "namespace without Pod Security",
                r -> ((ObjectNode) r.get("Namespace", "baton").path("metadata")).remove("labels"), "Namespace/baton"));
        d.add(new Defect(Rules.READ_ONLY_ROOT, "overlays/gpu", "/tmp on the image's filesystem",
                r -> {
                    ObjectNode c = container(r, "Deployment", "api-gateway");
                    ArrayNode mounts = (ArrayNode) c.path("volumeMounts");
                    for (int i = mounts.size() - 1; i >= 0; i--) {
                        if (mounts.get(i).path("mountPath").asText().equals("/tmp")) {
                            mounts.remove(i);
                        }
                    }
                }, "Deployment/api-gateway"));
        d.add(new Defect(Rules.PROBE_TIMEOUTS, "overlays/gpu", "readiness with the 1 s default timeout",
                r -> ((ObjectNode) container(r, "Deployment", "api-gateway").path("readinessProbe")).remove("timeoutSeconds"),
                "Deployment/api-gateway"));
        d.add(new Defect(Rules.GATEWAY_DRAINS, "overlays/gpu", "no preStop",
                r -> container(r, "Deployment", "api-gateway").remove("lifecycle"), "Deployment/api-gateway"));
        d.add(new Defect(Rules.GATEWAY_DRAINS, "overlays/gpu", "no shutdown timeout",
                r -> removeEnv(container(r, "Deployment", "api-gateway"), "QUARKUS_SHUTDOWN_TIMEOUT"), "Deployment/api-gateway"));
        d.add(new Defect(Rules.PROGRESS_DEADLINE, "overlays/gpu", "600 s deadline for a 900 s grace",
                r -> ((ObjectNode) r.get("Deployment", "trainer-worker").path("spec")).put("progressDeadlineSeconds", 600),
                "Deployment/trainer-worker"));
        d.add(new Defect(Rules.TRAINERS_NOT_EVICTED, "overlays/gpu", "trainers evictable by the cluster autoscaler",
                r -> ((ObjectNode) r.get("Deployment", "trainer-worker").path("spec").path("template").path("metadata")
                        .path("annotations")).remove("cluster-autoscaler.kubernetes.io/safe-to-evict"), "Deployment/trainer-worker"));
        d.add(new Defect(Rules.DEVICE_PLUGIN_OWNS_GPUS, "overlays/gpu", "NVIDIA_VISIBLE_DEVICES=all in the pod",
                r -> setEnv(container(r, "Deployment", "trainer-worker"), "NVIDIA_VISIBLE_DEVICES", "all"),
                "Deployment/trainer-worker"));
        d.add(new Defect(Rules.S3_LEAST_PRIVILEGE, "overlays/gpu", "the store's root is the services' key",
                r -> ((ArrayNode) container(r, "StatefulSet", "seaweedfs").withArray("env")).add(ManifestSchemaTest.yaml(
                        "{name: AWS_ACCESS_KEY_ID, valueFrom: {secretKeyRef: {name: baton-s3, key: access-key}}}")),
                "StatefulSet/seaweedfs"));
        return d;
    }

    @TestFactory
    Stream<DynamicTest> eachRuleFailsOnItsDefect() {
        return defects().stream().map(defect -> DynamicTest.dynamicTest(defect.rule().name() + ": " + defect.description(), () -> {
            Rendered r = Rendered.of(defect.overlay()).copy();
            assertTrue(defect.rule().violations(r).isEmpty(), "the rule holds before the defect is put back");
            defect.reintroduce().accept(r);
            List<String> violations = defect.rule().violations(r);
            assertFalse(violations.isEmpty(), defect.rule().name() + " did not catch: " + defect.description());
            assertTrue(violations.stream().anyMatch(v -> v.contains(defect.names()) && v.contains("fix")),
                    "a violation names " + defect.names() + " and the fix: " + violations);
        }));
    }

    @Test
    void everyRuleHasADefectThatItCatches() {
        Set<String> tested = defects().stream().map(d -> d.rule().name()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = Rules.ALL.stream().map(Rule::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, tested, "every rule in Rules.ALL has a defect in defects()");
    }

    private static ObjectNode container(Rendered r, String kind, String name) {
        return (ObjectNode) Rendered.container(r.podSpec(kind, name), name);
    }

    private static ObjectNode trigger(Rendered r, String scaledObject, String type) {
        for (JsonNode t : r.get("ScaledObject", scaledObject).path("spec").path("triggers")) {
            if (t.path("type").asText().equals(type)) {
                return (ObjectNode) t.path("metadata");
            }
        }
        throw new AssertionError("no " + type + " trigger on " + scaledObject);
    }

    private static void removeEnv(ObjectNode container, String variable) {
        ArrayNode env = (ArrayNode) container.path("env");
        for (int i = env.size() - 1; i >= 0; i--) {
            if (env.get(i).path("name").asText().equals(variable)) {
                env.remove(i);
            }
        }
    }

    private static void setEnv(ObjectNode container, String variable, String value) {
        removeEnv(container, variable);
        container.withArray("env").addObject().put("name", variable).put("value", value);
    }
}
