package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.topics.TopicSpec;
import dev.baton.contracts.topics.Topics;
import dev.baton.local.KafkaScram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the issue asks of the manifests, checked on the rendered overlays (not on the sources). */
class ManifestContentTest {
    private static final List<String> SERVICES = List.of("api-gateway", "trainer-worker", "inference-worker");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void kafkaTopicsMatchTheContracts(String overlay) {
        Rendered r = Rendered.of(overlay);
        Map<String, ObjectNode> byTopic = new HashMap<>();
        for (ObjectNode t : r.all("KafkaTopic")) {
            byTopic.put(t.path("spec").path("topicName").asText(), t);
            assertEquals("baton", t.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        }
        List<TopicSpec> expected = Topics.ALL;
        assertEquals(expected.stream().map(TopicSpec::name).collect(Collectors.toSet()), byTopic.keySet(),
                "one KafkaTopic per topic of contracts' Topics.ALL");
        for (TopicSpec spec : expected) {
            JsonNode t = byTopic.get(spec.name()).path("spec");
            assertEquals(spec.partitions(), t.path("partitions").asInt(), spec.name() + " partitions");
            Map<String, String> config = new HashMap<>();
            t.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            assertEquals(spec.configs(), config, spec.name() + " config");
            assertTrue(t.path("replicas").asInt() >= 3, spec.name() + " replicated");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu", "overlays/external-s3"})
    void kafkaIsKraftWithNodePools(String overlay) {
        Rendered r = Rendered.of(overlay);
        ObjectNode pool = r.get("KafkaNodePool", "dual-role");
        assertEquals("baton", pool.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        Set<String> roles = new TreeSet<>();
        pool.path("spec").path("roles").forEach(n -> roles.add(n.asText()));
        assertEquals(Set.of("broker", "controller"), roles, "KRaft: the node pool holds the controllers");
        r.get("Kafka", "baton");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void theBundledStoreGetsBatonsBuckets(String overlay) {
        Rendered r = Rendered.of(overlay);
        r.get("StatefulSet", "seaweedfs");
        String script = r.podSpec("Job", "seaweedfs-buckets").path("containers").get(0).path("args").toString();
        for (String bucket : ObjectKeys.ALL_BUCKETS) {
            assertTrue(script.contains(bucket), "the bucket Job creates " + bucket);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void servicesGetThePlatformTheirConfigurationReads(String overlay) {
        Rendered r = Rendered.of(overlay);
        JsonNode platform = r.get("ConfigMap", "baton-platform").path("data");
        assertEquals("baton-kafka-bootstrap.baton.svc.cluster.local:9093", platform.path("KAFKA_BOOTSTRAP_SERVERS").asText(),
                "the scram listener");
        assertEquals("SASL_SSL", platform.path("KAFKA_SECURITY_PROTOCOL").asText());
        assertEquals(KafkaScram.MECHANISM, platform.path("KAFKA_SASL_MECHANISM").asText(), "the KafkaUsers' mechanism");
        assertEquals("PEM", platform.path("KAFKA_SSL_TRUSTSTORE_TYPE").asText());
        String truststore = platform.path("KAFKA_SSL_TRUSTSTORE_LOCATION").asText();
        assertFalse(platform.path("DJL_CACHE_DIR").asText().isEmpty());
        for (String service : SERVICES) {
            JsonNode pod = r.podSpec("Deployment", service);
            JsonNode c = Rendered.container(pod, service);
            assertEquals("baton-platform", c.path("envFrom").get(0).path("configMapRef").path("name").asText(), service);
            assertEquals("baton-object-store", c.path("envFrom").get(1).path("configMapRef").path("name").asText(), service);
            for (String v : List.of("PORT", "BATON_S3_ACCESS_KEY", "BATON_S3_SECRET_KEY", "BATON_PROVISIONING_ENABLED")) {
                assertNotNull(Rendered.env(c, v), service + " sets " + v);
            }
            assertTrue(Rendered.env(c, "BATON_S3_SECRET_KEY").contains("secretKeyRef"), "credentials come from a Secret");
            // Each service logs in to Kafka as its own KafkaUser (the users KafkaScramTest runs the services with).
            JsonNode jaas = envEntry(c, "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef");
            assertEquals(KafkaScram.SERVICE_USERS.get(service), jaas.path("name").asText(), service + "'s KafkaUser Secret");
            assertEquals("sasl.jaas.config", jaas.path("key").asText(), service);
            String caVolume = null;
            for (JsonNode m : c.path("volumeMounts")) {
                if (truststore.startsWith(m.path("mountPath").asText() + "/")) {
                    caVolume = m.path("name").asText();
                }
            }
            assertNotNull(caVolume, service + " mounts the folder of " + truststore);
            boolean fromClusterCa = false;
            for (JsonNode v : pod.path("volumes")) {
                fromClusterCa |= v.path("name").asText().equals(caVolume)
                        && v.path("secret").path("secretName").asText().equals("baton-cluster-ca-cert");
            }
            assertTrue(fromClusterCa, service + ": " + truststore + " is Strimzi's cluster CA (baton-cluster-ca-cert)");
            assertTrue(Rendered.env(c, "JAVA_TOOL_OPTIONS").contains("-Dai.djl.offline=true"), service + " runs DJL offline");
            String port = Rendered.env(c, "PORT");
            assertEquals(port, c.path("ports").get(0).path("containerPort").asText(), service + " listens where PORT says");
            assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), service);
            assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), service);
            assertEquals("/q/metrics", r.get("Deployment", service).path("spec").path("template").path("metadata")
                    .path("annotations").path("prometheus.io/path").asText(), service + " has scrape annotations");
        }
        // Only the gateway provisions (the share group's auto.offset.reset); Strimzi owns topics.
        assertEquals("true", Rendered.env(Rendered.container(r.podSpec("Deployment", "api-gateway"), "api-gateway"),
                "BATON_PROVISIONING_ENABLED"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void everyContainerHasRequestsAndLimits(String overlay) {
        Rendered r = Rendered.of(overlay);
        for (Object[] w : r.workloads()) {
            for (JsonNode c : ((JsonNode) w[1]).path("containers")) {
                JsonNode res = c.path("resources");
                assertTrue(res.path("requests").has("cpu") && res.path("requests").has("memory"), w[0] + " requests");
                assertTrue(res.path("limits").has("memory"), w[0] + " memory limit");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void gatewayIsHighlyAvailable(String overlay) {
        Rendered r = Rendered.of(overlay);
        ObjectNode gateway = r.get("Deployment", "api-gateway");
        assertTrue(gateway.path("spec").path("replicas").asInt() >= 2, "several replicas");
        ObjectNode pdb = r.get("PodDisruptionBudget", "api-gateway");
        assertEquals(gateway.path("spec").path("selector"), pdb.path("spec").path("selector"));
        assertTrue(pdb.path("spec").path("minAvailable").asInt() >= 1);
        assertEquals("api-gateway", r.get("Ingress", "api-gateway").path("spec").path("rules").get(0).path("http")
                .path("paths").get(0).path("backend").path("service").path("name").asText());
        assertEquals("http", r.get("Service", "api-gateway").path("spec").path("ports").get(0).path("name").asText());
    }

    @Test
    void gpuTrainersRequestGpusOnGpuNodes() {
        JsonNode pod = Rendered.of("overlays/gpu").podSpec("Deployment", "trainer-worker");
        JsonNode c = Rendered.container(pod, "trainer-worker");
        assertEquals("1", c.path("resources").path("limits").path("nvidia.com/gpu").asText());
        assertEquals("true", pod.path("nodeSelector").path("nvidia.com/gpu.present").asText());
        assertEquals("nvidia.com/gpu", pod.path("tolerations").get(0).path("key").asText());
        assertEquals("/opt/libtorch/lib", Rendered.env(c, "PYTORCH_LIBRARY_PATH"), "DJL loads the image's CUDA libtorch");
        assertTrue(c.path("image").asText().startsWith("baton/trainer-worker-gpu:"), c.path("image").asText());
    }

    @Test
    void cpuTrainersHaveNoGpu() {
        Rendered r = Rendered.of("overlays/cpu");
        JsonNode pod = r.podSpec("Deployment", "trainer-worker");
        JsonNode c = Rendered.container(pod, "trainer-worker");
        assertFalse(c.path("resources").path("limits").has("nvidia.com/gpu"));
        assertTrue(pod.path("nodeSelector").isMissingNode());
        assertNull(Rendered.env(c, "PYTORCH_LIBRARY_PATH"), "CPU trainers use the natives jar in the image");
        assertEquals(4, r.get("ScaledObject", "trainer-worker").path("spec").path("maxReplicaCount").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void trainersScaleFromZeroOnQueueDepthAndHaveTimeToCheckpoint(String overlay) {
        Rendered r = Rendered.of(overlay);
        JsonNode pod = r.podSpec("Deployment", "trainer-worker");
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() >= 600, "time to checkpoint on SIGTERM");
        JsonNode spec = r.get("ScaledObject", "trainer-worker").path("spec");
        assertEquals("trainer-worker", spec.path("scaleTargetRef").path("name").asText());
        assertEquals(0, spec.path("minReplicaCount").asInt(), "scale to zero when no job waits");
        JsonNode trigger = spec.path("triggers").get(0);
        assertEquals("prometheus", trigger.path("type").asText(), "share groups have no KEDA Kafka scaler");
        String query = trigger.path("metadata").path("query").asText();
        assertTrue(query.contains("baton_training_queue_depth") && query.contains("baton_trainer_jobs_running"), query);
        assertTrue(spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior").path("scaleDown")
                .path("stabilizationWindowSeconds").asInt() >= 300, "slow scale-in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void inferenceScalesOnLagAndLatency(String overlay) {
        Rendered r = Rendered.of(overlay);
        JsonNode spec = r.get("ScaledObject", "inference-worker").path("spec");
        Set<String> types = new TreeSet<>();
        spec.path("triggers").forEach(t -> types.add(t.path("type").asText()));
        assertEquals(Set.of("kafka", "prometheus"), types);
        JsonNode kafka = spec.path("triggers").get(0).path("metadata");
        assertEquals(Topics.INFERENCE_GROUP, kafka.path("consumerGroup").asText());
        assertEquals(Topics.INFERENCE_REQUESTS, kafka.path("topic").asText());
        assertTrue(spec.path("minReplicaCount").asInt() >= 1, "serving never scales to zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void monitoringIsProvisioned(String overlay) throws IOException {
        Rendered r = Rendered.of(overlay);
        r.get("ServiceMonitor", "baton-services");
        r.get("PodMonitor", "trainer-worker");
        Set<String> alerts = new TreeSet<>();
        r.get("PrometheusRule", "baton-alerts").path("spec").path("groups")
                .forEach(g -> g.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText())));
        assertTrue(alerts.containsAll(Set.of("BatonTrainingJobsFailing", "BatonTrainingJobStuck", "BatonTrainingQueueUnknown",
                "BatonInferenceP99High", "BatonModelLoadFailures", "BatonInferenceResultsUndelivered", "BatonServiceDown")),
                alerts.toString());
        JsonNode dashboards = r.get("ConfigMap", "baton-grafana-dashboards").path("data");
        try (Stream<Path> files = Files.list(Project.grafanaDashboards())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String name = f.getFileName().toString();
                assertEquals(Files.readString(f), dashboards.path(name).asText(), name + " is provisioned as it is in deploy/grafana");
            }
        }
        JsonNode grafana = r.podSpec("Deployment", "grafana");
        assertTrue(grafana.path("volumes").toString().contains("baton-grafana-dashboards"));
        for (String service : List.of("api-gateway", "inference-worker")) {
            assertEquals("true", r.get("Service", service).path("metadata").path("labels").path("baton.dev/metrics").asText(),
                    service + " is selected by the ServiceMonitor");
        }
    }

    private static JsonNode envEntry(JsonNode container, String variable) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(variable)) {
                return e;
            }
        }
        throw new AssertionError(variable + " is not set");
    }
}
