package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.topics.Topics;
import dev.baton.local.KafkaAcls;
import dev.baton.local.KafkaScram;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka security, run for real: the local broker with SASL/SCRAM-SHA-512 and the ACLs of {@code base/kafka.yaml}
 * ({@link ServicesUnderTest}), the three services connected to it each as its own KafkaUser through the standard
 * Kafka client properties. This class proves that the services connect and work as their users and that the broker
 * refuses what the ACLs do not allow; {@link ServiceMetricsTest}'s workload then runs on the same services and
 * broker (a job from the gateway through the trainers' share group to events and a published model, predictions
 * through the inference worker).
 */
class KafkaScramTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void servicesAreReadyOnScram() throws InterruptedException {
        ServicesUnderTest.awaitReady(Duration.ofSeconds(150));
    }

    @Test
    void theServicesJoinTheirGroupsAsTheirUsers() throws Exception {
        // Readiness already needed every service's Admin client, topic replays and producers; the consumer group
        // and the share group need the services' own users' Read ACLs on their groups.
        try (Admin admin = Admin.create(ServicesUnderTest.superUser())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean inference = false;
            boolean trainers = false;
            while (System.nanoTime() < deadline && !(inference && trainers)) {
                inference = hasMembers(() -> admin.describeConsumerGroups(List.of(Topics.INFERENCE_GROUP)).all()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS).get(Topics.INFERENCE_GROUP).members());
                trainers = hasMembers(() -> admin.describeShareGroups(List.of(Topics.TRAINER_SHARE_GROUP)).all()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS).get(Topics.TRAINER_SHARE_GROUP).members());
                Thread.sleep(500);
            }
            assertTrue(inference, "the inference worker (user baton-inference) is a member of " + Topics.INFERENCE_GROUP);
            assertTrue(trainers, "the trainer (user baton-trainer) is a member of share group "
                    + Topics.TRAINER_SHARE_GROUP);
        }
    }

    /** A group that does not exist yet (its first member still joining) counts as one without members. */
    private static boolean hasMembers(Callable<Collection<?>> members) throws Exception {
        try {
            return !members.call().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Admin admin = Admin.create(ServicesUnderTest.user("baton-gateway", "not-the-password"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
        }
    }

    @Test
    void aUserWithoutAnAclIsRefused() {
        KafkaScram scram = ServicesUnderTest.scramBroker().kafkaScram().orElseThrow();
        Map<String, Object> props = ServicesUnderTest.user("baton-inference", scram.password("baton-inference"));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(Topics.TRAINING_REQUESTS, "job", "{}")).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause(),
                    "the inference worker's user may not queue training jobs: " + e);
        }
    }

    @Test
    void theBrokerEnforcesTheAclsOfTheKafkaUsersAndNoOthers() throws Exception {
        KafkaAcls manifests = KafkaAcls.fromManifests(Project.root());
        assertEquals(Set.of("baton-gateway", "baton-trainer", "baton-inference", "baton-keda"),
                Set.copyOf(manifests.users()));
        assertEquals(Set.copyOf(KafkaScram.SERVICE_USERS.values()),
                Set.of("baton-gateway", "baton-trainer", "baton-inference"), "every service has its KafkaUser");
        try (Admin admin = Admin.create(ServicesUnderTest.superUser())) {
            Set<AclBinding> enforced = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(new HashSet<>(manifests.all()), enforced);
            assertFalse(enforced.isEmpty());
        }
    }
}
