package dev.baton.contracts.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real local Kafka broker. */
class TopicProvisionerTest {
    private static Admin admin;
    private static TopicProvisioner provisioner;

    @BeforeAll
    static void connect() {
        admin = TestServices.admin();
        provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static Config configOf(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void provisionsEveryTopicWithItsSettingsAndIsIdempotent() throws Exception {
        provisioner.provisionAll();
        assertEquals(List.of(), provisioner.provisionAll(), "a second run changes nothing");

        var names = admin.listTopics().names().get();
        for (TopicSpec spec : Topics.ALL) {
            assertTrue(names.contains(spec.name()), spec.name());
            var description = admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name());
            assertEquals(spec.partitions(), description.partitions().size(), spec.name());
        }
        Config published = configOf(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS_PUBLISHED));
        assertEquals("compact", published.get("cleanup.policy").value());
        Config group = configOf(new ConfigResource(ConfigResource.Type.GROUP, Topics.TRAINER_SHARE_GROUP));
        assertEquals("earliest", group.get("share.auto.offset.reset").value());
    }

    @Test
    void driftedSettingsArePutBackAndPartitionsGrow() throws Exception {
        String name = "baton.test.drift-" + UUID.randomUUID();
        TopicSpec small = new TopicSpec(name, 1, Map.of("cleanup.policy", "delete", "retention.ms", "3600000"), "test");
        assertEquals(List.of("created " + name), provisioner.provision(List.of(small)));

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get();
        TopicSpec bigger = new TopicSpec(name, 3, small.configs(), "test");
        assertEquals(List.of("grew partitions of " + name, "reset 1 setting(s) of " + name),
                provisioner.provision(List.of(bigger)));
        assertEquals("3600000", configOf(resource).get("retention.ms").value());
        assertEquals(3, admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size());
        admin.deleteTopics(List.of(name)).all().get();
    }
}
