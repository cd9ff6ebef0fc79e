package dev.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka users and ACLs of the Kubernetes deploy, read from its {@code KafkaUser} resources
 * ({@code deploy/k8s/base/kafka.yaml}, Strimzi's {@code simple} authorization), so that the local broker
 * enforces the very ACLs the cluster does: one list, not two copies.
 */
public final class KafkaAcls {
    /** Where the KafkaUsers lie, from the checkout's root. */
    public static final Path MANIFEST = Path.of("deploy", "k8s", "base", "kafka.yaml");

    private final Map<String, List<AclBinding>> byUser;

    private KafkaAcls(Map<String, List<AclBinding>> byUser) {
        this.byUser = byUser;
    }

    /**
     * @param checkout the project's root folder
     * @return every KafkaUser of {@link #MANIFEST} with its ACLs
     * @throws LocalClusterException when the file cannot be read or holds an ACL Kafka does not know
     */
    public static KafkaAcls fromManifests(Path checkout) {
        Path file = checkout.resolve(MANIFEST);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
            for (JsonNode doc : docs.readAll()) {
                if (doc.path("kind").asText().equals("KafkaUser")) {
                    String user = doc.path("metadata").path("name").asText();
                    users.put(user, bindings(user, doc.path("spec").path("authorization").path("acls")));
                }
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot read the KafkaUsers of " + file + ": " + e.getMessage(), e);
        }
        if (users.isEmpty()) {
            throw new LocalClusterException("no KafkaUser in " + file);
        }
        return new KafkaAcls(Map.copyOf(users));
    }

    private static List<AclBinding> bindings(String user, JsonNode acls) {
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode acl : acls) {
            JsonNode resource = acl.path("resource");
            ResourcePattern pattern = new ResourcePattern(
                    ResourceType.valueOf(upperSnake(resource.path("type").asText())),
                    resource.path("name").asText(),
                    resource.path("patternType").asText("literal").equals("prefix") ? PatternType.PREFIXED
                            : PatternType.LITERAL);
            AclPermissionType permission = AclPermissionType.valueOf(upperSnake(acl.path("type").asText("allow")));
            for (JsonNode operation : acl.path("operations")) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry("User:" + user,
                        acl.path("host").asText("*"), AclOperation.valueOf(upperSnake(operation.asText())), permission)));
            }
        }
        return List.copyOf(bindings);
    }

    /** Strimzi spells {@code DescribeConfigs} and {@code topic}; Kafka's enums {@code DESCRIBE_CONFIGS} and {@code TOPIC}. */
    private static String upperSnake(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** @return the users' names, as in the manifest */
    public List<String> users() {
        return byUser.keySet().stream().sorted().toList();
    }

    /**
     * @param user a KafkaUser's name
     * @return its ACLs
     */
    public List<AclBinding> of(String user) {
        List<AclBinding> bindings = byUser.get(user);
        if (bindings == null) {
            throw new IllegalArgumentException("no KafkaUser " + user + " in " + MANIFEST + "; there are " + users());
        }
        return bindings;
    }

    /** @return every user's ACLs */
    public List<AclBinding> all() {
        return byUser.values().stream().flatMap(List::stream).toList();
    }
}
