package dev.baton.trainer;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.trainer.config.TrainerSettings;
import dev.baton.trainer.config.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** Starts the {@link Trainer} after start-up provisioning and shuts it down gracefully. */
@ApplicationScoped
public class TrainerService {
    private Trainer trainer;

    void start(@Observes @Priority(10) StartupEvent event, TrainerSettings settings, ObjectStore store,
            MeterRegistry registry, KafkaConnection kafka, BackgroundHealth health) {
        if (!settings.enabled()) {
            return;
        }
        String id = settings.workerId().orElseGet(TrainerService::defaultWorkerId);
        WorkerConfig defaults = WorkerConfig.defaults(id, kafka, Path.of(settings.workDir()));
        WorkerConfig config = new WorkerConfig(id, kafka, defaults.requestsTopic(), defaults.shareGroup(),
                defaults.eventsTopic(), defaults.cancelsTopic(), defaults.publishedTopic(), defaults.deadLettersTopic(),
                settings.versionsTopic(), settings.concurrency(), settings.maxAttempts(), settings.pollTimeout(),
                settings.renewInterval(), settings.shutdownGrace(), Path.of(settings.workDir()), settings.threads(),
                settings.device());
        trainer = Trainer.start(config, store, registry, health);
    }

    void stop(@Observes ShutdownEvent event) {
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }

    private static String defaultWorkerId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "trainer-" + ProcessHandle.current().pid();
        }
    }
}
