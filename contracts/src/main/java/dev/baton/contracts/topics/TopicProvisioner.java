package dev.baton.contracts.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Baton's topics and sets the trainers' share-group config with the Admin client,
 * idempotently: missing topics are created, settings that drifted are put back, partitions are
 * added when a spec asks for more (never removed). Safe to run from every service at start-up.
 */
public final class TopicProvisioner {
    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin an Admin client of the cluster
     * @param timeout how long each Admin call may take
     */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Provisions every topic in {@link Topics#ALL} and the trainers' share-group config.
     *
     * @return what was changed, one line per change (empty when all was in place)
     */
    public List<String> provisionAll() {
        List<String> changes = new ArrayList<>(provision(Topics.ALL));
        changes.addAll(configureGroup(Topics.TRAINER_SHARE_GROUP, Topics.TRAINER_SHARE_GROUP_CONFIG));
        return changes;
    }

    /**
     * @param specs the topics to provision
     * @return what was changed
     */
    public List<String> provision(Collection<TopicSpec> specs) {
        try {
            List<String> changes = new ArrayList<>();
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), (short) 1).configs(s.configs())).toList();
            Set<String> present = new HashSet<>(existing);
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    changes.add("created " + result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // Created a moment ago by someone else (or not yet in our metadata): align it.
                    present.add(result.getKey());
                }
            }
            List<TopicSpec> toAlign = specs.stream().filter(s -> present.contains(s.name())).toList();
            changes.addAll(alignPartitions(toAlign));
            changes.addAll(alignConfigs(toAlign));
            return changes;
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicProvisioningException("cannot provision Kafka topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while provisioning Kafka topics", e);
        }
    }

    private List<String> alignPartitions(List<TopicSpec> specs) throws ExecutionException, InterruptedException,
            TimeoutException {
        if (specs.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(specs.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, NewPartitions> grow = new HashMap<>();
        for (TopicSpec spec : specs) {
            if (descriptions.get(spec.name()).partitions().size() < spec.partitions()) {
                grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return grow.keySet().stream().map(t -> "grew partitions of " + t).toList();
    }

    private List<String> alignConfigs(List<TopicSpec> specs) throws ExecutionException, InterruptedException,
            TimeoutException {
        if (specs.isEmpty()) {
            return List.of();
        }
        List<ConfigResource> resources = specs.stream()
                .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
        Map<ConfigResource, Config> current = admin.describeConfigs(resources).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        List<String> changes = new ArrayList<>();
        for (TopicSpec spec : specs) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            List<AlterConfigOp> drift = drift(current.get(resource), spec.configs());
            if (!drift.isEmpty()) {
                ops.put(resource, drift);
                changes.add("reset " + drift.size() + " setting(s) of " + spec.name());
            }
        }
        if (!ops.isEmpty()) {
            admin.incrementalAlterConfigs(ops).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (TopicSpec spec : specs) {
                awaitVisible(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), spec.configs());
            }
        }
        return changes;
    }

    private List<String> configureGroup(String group, Map<String, String> wanted) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        try {
            Config current = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            List<AlterConfigOp> drift = drift(current, wanted);
            if (drift.isEmpty()) {
                return List.of();
            }
            admin.incrementalAlterConfigs(Map.of(resource, drift)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitVisible(resource, wanted);
            return List.of("set " + wanted.keySet() + " of group " + group);
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicProvisioningException("cannot configure group " + group + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while configuring group " + group, e);
        }
    }

    /** Config changes reach the brokers' metadata a moment after the call returns: wait for them. */
    private void awaitVisible(ConfigResource resource, Map<String, String> wanted)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!drift(admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource), wanted).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("settings of " + resource.name() + " not visible after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static List<AlterConfigOp> drift(Config current, Map<String, String> wanted) {
        List<AlterConfigOp> ops = new ArrayList<>();
        wanted.forEach((key, value) -> {
            ConfigEntry entry = current == null ? null : current.get(key);
            if (entry == null || !value.equals(entry.value())) {
                ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
            }
        });
        return ops;
    }
}
