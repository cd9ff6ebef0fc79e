package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes NetworkPolicy semantics over the rendered policies of namespace baton: a pod selected by a
 * policy of a direction is isolated in that direction and admits only what some rule of a selecting policy
 * allows (rules add up). A connection needs the sender's egress and the receiver's ingress; pods outside
 * namespace baton are not isolated by these policies. Ports are numeric; IP blocks match endpoints that
 * carry an address (hosts outside the cluster).
 */
final class NetworkPolicies {
    static final String NAMESPACE = "baton";
    private final List<ObjectNode> policies;

    NetworkPolicies(Rendered rendered) {
        this.policies = rendered.all("NetworkPolicy");
    }

    /** A pod or host: its namespace (empty outside the cluster), labels and, for a host, its IPv4 address. */
    record Endpoint(String name, String namespace, Map<String, String> labels, String ip) {
        static Endpoint pod(String name, String namespace, Map<String, String> labels) {
            return new Endpoint(name, namespace, labels, null);
        }

        static Endpoint host(String name, String ip) {
            return new Endpoint(name, "", Map.of(), ip);
        }
    }

    boolean allows(Endpoint from, Endpoint to, int port) {
        return admits(from, to, port, "Egress") && admits(to, from, port, "Ingress");
    }

    /** @return a message per expected flow the policies get wrong */
    List<String> violations(List<Flow> flows) {
        List<String> out = new ArrayList<>();
        for (Flow f : flows) {
            boolean allowed = allows(f.from(), f.to(), f.port());
            if (allowed != f.allowed()) {
                out.add("NetworkPolicies: " + f.from().name() + " -> " + f.to().name() + ":" + f.port() + " is "
                        + (allowed ? "allowed" : "blocked") + " but must be " + (f.allowed() ? "allowed (" : "blocked (")
                        + f.why() + "); fix: " + (f.allowed() ? "a policy allowing it on both ends" : "narrow the policy that allows it"));
            }
        }
        return out;
    }

    private boolean admits(Endpoint self, Endpoint peer, int port, String direction) {
        if (!NAMESPACE.equals(self.namespace())) {
            return true;
        }
        boolean isolated = false;
        for (ObjectNode p : policies) {
            JsonNode spec = p.path("spec");
            if (!hasType(spec, direction) || !Selectors.matches(spec.path("podSelector"), self.labels())) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path(direction.equals("Ingress") ? "ingress" : "egress")) {
                if (portMatches(rule.path("ports"), port) && peerMatches(rule.path(direction.equals("Ingress") ? "from" : "to"), peer)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean hasType(JsonNode spec, String direction) {
        if (!spec.has("policyTypes")) {
            return direction.equals("Ingress") || spec.has("egress");
        }
        for (JsonNode t : spec.path("policyTypes")) {
            if (t.asText().equals(direction)) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.has("port") || p.path("port").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerMatches(JsonNode peers, Endpoint peer) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode p : peers) {
            if (p.has("ipBlock")) {
                if (peer.ip() != null && Cidr.contains(p.path("ipBlock").path("cidr").asText(), peer.ip())
                        && noneContains(p.path("ipBlock").path("except"), peer.ip())) {
                    return true;
                }
                continue;
            }
            if (peer.ip() != null) {
                continue;
            }
            boolean namespaceOk = p.has("namespaceSelector")
                    ? Selectors.matches(p.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", peer.namespace()))
                    : NAMESPACE.equals(peer.namespace());
            boolean podOk = !p.has("podSelector") || Selectors.matches(p.path("podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean noneContains(JsonNode cidrs, String ip) {
        for (JsonNode c : cidrs) {
            if (Cidr.contains(c.asText(), ip)) {
                return false;
            }
        }
        return true;
    }

    /** IPv4 CIDR containment. */
    static final class Cidr {
        private Cidr() {
        }

        static boolean contains(String cidr, String ip) {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return (address(parts[0]) & mask) == (address(ip) & mask);
        }

        private static long address(String ip) {
            long a = 0;
            for (String octet : ip.split("\\.")) {
                a = (a << 8) | Integer.parseInt(octet);
            }
            return a;
        }
    }

    /** Label selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); empty selects all. */
    static final class Selectors {
        private Selectors() {
        }

        static boolean matches(JsonNode selector, Map<String, String> labels) {
            var fields = selector.path("matchLabels").fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
            for (JsonNode e : selector.path("matchExpressions")) {
                String value = labels.get(e.path("key").asText());
                List<String> values = new ArrayList<>();
                e.path("values").forEach(v -> values.add(v.asText()));
                boolean ok = switch (e.path("operator").asText()) {
                    case "In" -> values.contains(value);
                    case "NotIn" -> !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("selector operator " + e.path("operator"));
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
