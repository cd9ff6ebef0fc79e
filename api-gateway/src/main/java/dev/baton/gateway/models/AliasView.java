package dev.baton.gateway.models;

import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.GatewaySettings;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.ReplayedTopic;
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
    private final ReplayedTopic<ModelAliasChanged> replay;

    AliasView(KafkaConnection kafka) {
        this.replay = new ReplayedTopic<>(kafka, Topics.MODEL_ALIASES, ModelAliasChanged.class, this::apply,
                "baton-gateway-replay-" + Topics.MODEL_ALIASES);
    }

    void start(@Observes @Priority(10) StartupEvent event, GatewaySettings settings, BackgroundHealth health)
            throws InterruptedException {
        replay.start(health, settings.jobViewStartupWait());
    }

    /** @return whether the replay has caught up and still runs (a stopped replay leaves this view stale) */
    public boolean isReady() {
        return replay.isReady();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        replay.close();
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
