package dev.baton.gateway.models;

import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.GatewaySettings;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.TopicReplay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Where every alias points, replayed from the compacted {@code baton.models.aliases} topic. */
@ApplicationScoped
public class AliasView {
    private final Map<String, Map<String, Integer>> aliases = new ConcurrentHashMap<>();
    private final KafkaConnection kafka;
    private volatile TopicReplay<ModelAliasChanged> replay;

    AliasView(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    void start(@Observes @Priority(10) StartupEvent event, GatewaySettings settings, BackgroundHealth health)
            throws InterruptedException {
        replay = new TopicReplay<>(kafka, Topics.MODEL_ALIASES, ModelAliasChanged.class, this::apply,
                "baton-gateway-replay-" + Topics.MODEL_ALIASES);
        health.watch("replay " + Topics.MODEL_ALIASES, replay::failure);
        replay.start();
        replay.awaitCaughtUp(settings.jobViewStartupWait());
    }

    /** @return whether the replay has caught up and still runs (a stopped replay leaves this view stale) */
    public boolean isReady() {
        TopicReplay<?> current = replay;
        return current != null && current.isCaughtUp() && current.failure().isEmpty();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (replay != null) {
            replay.close();
        }
    }

    /** @param change an alias move (applied as soon as the gateway publishes it, and again when read back) */
    public void apply(ModelAliasChanged change) {
        aliases.computeIfAbsent(change.modelName(), m -> new ConcurrentHashMap<>()).put(change.alias(), change.version());
    }

    /** @return alias to version for the model */
    public Map<String, Integer> of(String model) {
        return new TreeMap<>(aliases.getOrDefault(model, Map.of()));
    }
}
