package dev.baton.gateway.models;

import dev.baton.contracts.messages.ModelLoadFailed;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why published versions did not serve: the inference workers' reports on
 * {@code baton.models.load-failures}, replayed from the start of the topic's retention; the newest
 * {@link #KEPT_PER_MODEL} per model are kept.
 */
@ApplicationScoped
public class LoadFailureView {
    /** How many reports of one model are kept. */
    static final int KEPT_PER_MODEL = 20;

    private final Map<String, Deque<ModelLoadFailed>> failures = new ConcurrentHashMap<>();
    private final ReplayedTopic<ModelLoadFailed> replay;

    LoadFailureView(KafkaConnection kafka) {
        this.replay = new ReplayedTopic<>(kafka, Topics.MODEL_LOAD_FAILURES, ModelLoadFailed.class, this::apply,
                "baton-gateway-replay-" + Topics.MODEL_LOAD_FAILURES);
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

    void apply(ModelLoadFailed failure) {
        Deque<ModelLoadFailed> mine = failures.computeIfAbsent(failure.modelName(), m -> new ArrayDeque<>());
        synchronized (mine) {
            mine.addFirst(failure);
            while (mine.size() > KEPT_PER_MODEL) {
                mine.removeLast();
            }
        }
    }

    /** @return the model's load-failure reports, newest first */
    public List<ModelLoadFailed> of(String model) {
        Deque<ModelLoadFailed> mine = failures.getOrDefault(model, new ArrayDeque<>());
        synchronized (mine) {
            return List.copyOf(mine);
        }
    }
}
