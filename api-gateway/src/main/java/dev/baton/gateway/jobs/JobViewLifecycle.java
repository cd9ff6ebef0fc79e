package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.metrics.ModelAccuracyGauges;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.ReplayedTopic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Replays {@code baton.training.events} into the {@link JobView} (and the per-version accuracy
 * gauges) from the beginning after provisioning (start-up waits for it to catch up); ready once it has
 * and while the replay runs (a stopped replay also fails liveness through {@link BackgroundHealth}).
 */
@Readiness
@ApplicationScoped
public class JobViewLifecycle implements HealthCheck {
    private final ReplayedTopic<TrainingEvent> replay;

    JobViewLifecycle(JobView view, ModelAccuracyGauges accuracy, KafkaConnection kafka) {
        this.replay = new ReplayedTopic<>(kafka, Topics.TRAINING_EVENTS, TrainingEvent.class, e -> {
            view.apply(e);
            accuracy.record(e);
        }, "baton-gateway-replay-" + Topics.TRAINING_EVENTS);
    }

    void start(@Observes @Priority(10) StartupEvent event, GatewaySettings settings, BackgroundHealth health)
            throws InterruptedException {
        replay.start(health, settings.jobViewStartupWait());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        replay.close();
    }

    @Override
    public HealthCheckResponse call() {
        return replay.readiness("job-view");
    }
}
