package dev.baton.inference.health;

import dev.baton.inference.InferenceWorker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the model topics were read, the current version of every followed model is
 * loaded (or its failure reported) and requests are being consumed; DOWN again when the request
 * consumer or a model topic's replay stops for good (liveness, {@code BackgroundHealth}, is DOWN
 * then too). Lists what is loaded and what failed, and what stopped the model topics' replay.
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final InferenceWorker worker;

    ModelsReadinessCheck(InferenceWorker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("models").status(worker.isReady());
        if (worker.registry() != null) {
            b.withData("loaded", worker.registry().loadedVersions().toString());
            b.withData("failed", worker.registry().failures().toString());
            b.withData("undeliveredResults", worker.undeliveredResults());
        }
        worker.modelEventsFailure().ifPresent(reason -> b.withData("modelTopicsStopped", reason));
        return b.build();
    }
}
