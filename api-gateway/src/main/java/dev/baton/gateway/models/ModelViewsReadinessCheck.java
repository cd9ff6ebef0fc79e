package dev.baton.gateway.models;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the alias and load-failure views have replayed their topics, and while their replays
 * run: a gateway answering from a stale view (aliases pointing at old versions) is not ready.
 */
@Readiness
@ApplicationScoped
public class ModelViewsReadinessCheck implements HealthCheck {
    private final AliasView aliases;
    private final LoadFailureView loadFailures;

    ModelViewsReadinessCheck(AliasView aliases, LoadFailureView loadFailures) {
        this.aliases = aliases;
        this.loadFailures = loadFailures;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-views").status(aliases.isReady() && loadFailures.isReady())
                .withData("aliases", aliases.isReady()).withData("loadFailures", loadFailures.isReady()).build();
    }
}
