package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Look-ups in one rendered overlay. */
record Rendered(String overlay, List<ObjectNode> resources) {
    /** The overlays an operator deploys (each renders a whole platform). */
    static final List<String> DEPLOYABLE = List.of("overlays/cpu", "overlays/gpu", "overlays/external-s3");

    static Rendered of(String overlay) {
        return new Rendered(overlay, Kustomize.reference().render(Project.k8s().resolve(overlay)));
    }

    /** @return a deep copy, for tests that change resources */
    Rendered copy() {
        return new Rendered(overlay, resources.stream().map(ObjectNode::deepCopy).collect(Collectors.toCollection(ArrayList::new)));
    }

    /** @return "Kind/name" of a resource, as rule messages name it */
    static String id(JsonNode resource) {
        return resource.path("kind").asText() + "/" + resource.path("metadata").path("name").asText();
    }

    /** @return every Deployment, StatefulSet and Job */
    List<ObjectNode> workloadResources() {
        List<ObjectNode> out = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
            out.addAll(all(kind));
        }
        return out;
    }

    List<ObjectNode> all(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    ObjectNode get(String kind, String name) {
        return all(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + "/" + name));
    }

    /** @return the pod spec of a Deployment, StatefulSet or Job */
    JsonNode podSpec(String kind, String name) {
        return get(kind, name).path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode podSpec, String name) {
        return StreamSupport.stream(podSpec.path("containers").spliterator(), false)
                .filter(c -> c.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    /** @return the value of an env variable set literally on the container, or null */
    static String env(JsonNode container, String variable) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(variable)) {
                return e.has("value") ? e.path("value").asText() : "<from " + e.path("valueFrom") + ">";
            }
        }
        return null;
    }

    /** @return every pod spec of the overlay's workloads, as "Kind/name" and spec */
    List<Object[]> workloads() {
        List<Object[]> out = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
            for (ObjectNode r : all(kind)) {
                out.add(new Object[] {kind + "/" + r.path("metadata").path("name").asText(),
                        r.path("spec").path("template").path("spec")});
            }
        }
        return out;
    }
}
