package dev.baton.service.health;

import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when an authenticated request to the object store succeeds and Baton's buckets are there. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {
    private final ObjectStore store;

    ObjectStoreReadinessCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            for (String bucket : ObjectKeys.ALL_BUCKETS) {
                store.list(bucket, "health-probe/");
            }
            return HealthCheckResponse.named("object-store").up().withData("endpoint", store.config().endpoint()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("object-store").down()
                    .withData("endpoint", store.config().endpoint())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
