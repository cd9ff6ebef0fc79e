package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a rendered resource against its JSON schema in shared/k8s-schemas: core kinds in
 * {@code v1.30.0-standalone-strict/<kind>[-<group>]-<version>.json}, custom resources in
 * {@code <group>/<kind>_<version>.json}. A kind without a schema is an error, never a pass.
 */
final class Schemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final Map<Path, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private final Path root;

    Schemas(Path root) {
        this.root = root;
    }

    /** @return the schema file for an apiVersion and kind (it may not exist) */
    Path schemaFile(String apiVersion, String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return root.resolve("v1.30.0-standalone-strict").resolve(lower + "-" + apiVersion + ".json");
        }
        String group = apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        Path crd = root.resolve(group).resolve(lower + "_" + version + ".json");
        if (group.contains(".") && !group.endsWith(".k8s.io")) {
            return crd;
        }
        String shortGroup = group.endsWith(".k8s.io") ? group.substring(0, group.indexOf('.')) : group;
        return root.resolve("v1.30.0-standalone-strict").resolve(lower + "-" + shortGroup + "-" + version + ".json");
    }

    /** @return every problem with the resource; empty when it is valid */
    List<String> validate(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText("");
        String kind = resource.path("kind").asText("");
        String id = kind + "/" + resource.path("metadata").path("name").asText("?");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return List.of(id + ": no apiVersion or kind");
        }
        Path file = schemaFile(apiVersion, kind);
        if (!Files.isRegularFile(file)) {
            return List.of(id + " (" + apiVersion + "): no schema for this kind at " + root.relativize(file)
                    + " - a kind without a schema fails");
        }
        JsonSchema schema = CACHE.computeIfAbsent(file, f -> {
            try (InputStream in = Files.newInputStream(f)) {
                JsonNode node = Kustomize.YAML.readTree(in);
                // The core schemas name the draft-less "http://json-schema.org/schema#"; they are draft 4.
                ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("$schema");
                return FACTORY.getSchema(node);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema " + f, e);
            }
        });
        Set<ValidationMessage> messages = schema.validate(resource);
        return messages.stream().map(m -> id + ": " + m.getMessage()).sorted().toList();
    }
}
