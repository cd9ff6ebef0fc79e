package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.GatewaySettings;
import dev.baton.service.kafka.TopicReplay;
import dev.baton.gateway.metrics.ModelAccuracyGauges;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Replays {@code baton.training.events} into the {@link JobView} (and the per-version accuracy
 * gauges) from the beginning after provisioning (start-up waits for it to catch up); ready once it has.
 */
@Readiness
@ApplicationScoped
public class JobViewLifecycle implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(JobViewLifecycle.class);

    private final JobView view;
    private final ModelAccuracyGauges accuracy;
    private final String bootstrapServers;
    private volatile TopicReplay<TrainingEvent> replay;

    JobViewLifecycle(JobView view, ModelAccuracyGauges accuracy,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.view = view;
        this.accuracy = accuracy;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes @Priority(10) StartupEvent event, GatewaySettings settings) throws InterruptedException {
        replay = new TopicReplay<>(bootstrapServers, Topics.TRAINING_EVENTS, TrainingEvent.class, e -> {
            view.apply(e);
            accuracy.record(e);
        }, "baton-gateway-replay-" + Topics.TRAINING_EVENTS);
        replay.start();
        if (!replay.awaitCaughtUp(settings.jobViewStartupWait())) {
            LOG.warnf("the job view has not caught up after %s; not ready until it has", settings.jobViewStartupWait());
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (replay != null) {
            replay.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-view").status(replay != null && replay.isCaughtUp()).build();
    }
}
