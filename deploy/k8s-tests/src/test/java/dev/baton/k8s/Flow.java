package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.k8s.NetworkPolicies.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection the platform needs (allowed) or must refuse (blocked), between pods whose labels come from
 * the rendered manifests. Strimzi's pods get Strimzi's labels plus the template labels of the rendered
 * KafkaNodePool and Kafka resources.
 *
 * @param from the sender
 * @param to the receiver
 * @param port the receiver's port
 * @param allowed whether it must be allowed
 * @param why the reason, for the message
 */
record Flow(Endpoint from, Endpoint to, int port, boolean allowed, String why) {
    static final Endpoint INGRESS_CONTROLLER = Endpoint.pod("ingress-nginx", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
    static final Endpoint PROMETHEUS = Endpoint.pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
    static final Endpoint KEDA = Endpoint.pod("keda-operator", "keda", Map.of("app", "keda-operator"));
    static final Endpoint DNS = Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"));
    static final Endpoint STRIMZI = Endpoint.pod("strimzi-cluster-operator", "strimzi", Map.of("strimzi.io/kind", "cluster-operator"));
    static final Endpoint STRANGER = Endpoint.pod("a pod without Baton's labels", NetworkPolicies.NAMESPACE, Map.of("app", "debug"));
    static final Endpoint OTHER_NAMESPACE = Endpoint.pod("a pod of another namespace", "other", Map.of("app.kubernetes.io/name", "api-gateway"));
    static final Endpoint ACME_SOLVER = Endpoint.pod("cert-manager's HTTP-01 solver", NetworkPolicies.NAMESPACE,
            Map.of("acme.cert-manager.io/http01-solver", "true"));
    static final Endpoint INTERNET_S3 = Endpoint.host("an S3 endpoint outside the cluster", "52.219.170.1");

    static Flow allow(Endpoint from, Endpoint to, int port, String why) {
        return new Flow(from, to, port, true, why);
    }

    static Flow block(Endpoint from, Endpoint to, int port, String why) {
        return new Flow(from, to, port, false, why);
    }

    /** @return the flows the overlay must allow and refuse */
    static List<Flow> expected(Rendered r) {
        Endpoint gateway = workload(r, "Deployment", "api-gateway");
        Endpoint trainer = workload(r, "Deployment", "trainer-worker");
        Endpoint inference = workload(r, "Deployment", "inference-worker");
        Endpoint grafana = workload(r, "Deployment", "grafana");
        Endpoint broker = strimzi(r, "baton-kafka", r.get("KafkaNodePool", "dual-role").path("spec").path("template").path("pod"));
        Endpoint entityOperator = strimzi(r, "baton-entity-operator",
                r.get("Kafka", "baton").path("spec").path("entityOperator").path("template").path("pod"));
        List<Flow> flows = new ArrayList<>();
        flows.add(allow(INGRESS_CONTROLLER, gateway, 8080, "the API through the Ingress"));
        flows.add(allow(INGRESS_CONTROLLER, ACME_SOLVER, 8089, "the certificate's HTTP-01 challenge"));
        flows.add(block(ACME_SOLVER, broker, 9093, "the solver reaches nothing"));
        flows.add(allow(PROMETHEUS, gateway, 8080, "metrics"));
        flows.add(allow(PROMETHEUS, trainer, 8082, "metrics"));
        flows.add(allow(PROMETHEUS, inference, 8083, "metrics"));
        flows.add(allow(grafana, PROMETHEUS, 9090, "dashboards"));
        for (Endpoint service : List.of(gateway, trainer, inference)) {
            flows.add(allow(service, broker, 9093, "Kafka over SCRAM"));
            flows.add(allow(service, DNS, 53, "DNS"));
        }
        flows.add(allow(KEDA, broker, 9093, "consumer lag for scaling"));
        flows.add(allow(broker, broker, 9091, "replication"));
        flows.add(allow(broker, broker, 9090, "KRaft controllers"));
        flows.add(allow(STRIMZI, broker, 9091, "the operator manages the brokers"));
        flows.add(allow(entityOperator, broker, 9091, "topic and user operators"));
        flows.add(block(STRANGER, broker, 9093, "no pod but the services may queue jobs past the gateway"));
        flows.add(block(STRANGER, gateway, 8080, "the API only through the Ingress"));
        flows.add(block(OTHER_NAMESPACE, broker, 9093, "no other namespace reaches Kafka"));
        flows.add(block(OTHER_NAMESPACE, gateway, 8080, "the API only through the Ingress"));
        flows.add(block(gateway, trainer, 8082, "services talk through Kafka only"));
        if (r.all("StatefulSet").stream().anyMatch(s -> s.path("metadata").path("name").asText().equals("seaweedfs"))) {
            Endpoint store = workload(r, "StatefulSet", "seaweedfs");
            Endpoint buckets = workload(r, "Job", "seaweedfs-buckets");
            for (Endpoint service : List.of(gateway, trainer, inference)) {
                flows.add(allow(service, store, 8333, "S3"));
                flows.add(block(service, store, 9333, "the store's master is for the bucket Job"));
                flows.add(block(service, INTERNET_S3, 443, "with the bundled store nothing leaves the cluster"));
            }
            flows.add(allow(buckets, store, 9333, "bucket creation"));
            flows.add(allow(buckets, store, 8888, "bucket creation"));
            flows.add(block(STRANGER, store, 8333, "no pod but the services reads Baton's data"));
        } else {
            for (Endpoint service : List.of(gateway, trainer, inference)) {
                flows.add(allow(service, INTERNET_S3, 443, "your own S3"));
            }
            flows.add(block(grafana, INTERNET_S3, 443, "only the services reach the store"));
        }
        return flows;
    }

    private static Endpoint workload(Rendered r, String kind, String name) {
        Map<String, String> labels = new HashMap<>();
        r.get(kind, name).path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return Endpoint.pod(name, NetworkPolicies.NAMESPACE, labels);
    }

    private static Endpoint strimzi(Rendered r, String name, JsonNode podTemplate) {
        Map<String, String> labels = new HashMap<>(Map.of("strimzi.io/cluster", "baton", "strimzi.io/kind", "Kafka",
                "strimzi.io/name", name));
        podTemplate.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return Endpoint.pod(name, NetworkPolicies.NAMESPACE, labels);
    }

    @Override
    public String toString() {
        return from.name() + " -> " + to.name() + ":" + port + (allowed ? " allowed" : " blocked");
    }
}
