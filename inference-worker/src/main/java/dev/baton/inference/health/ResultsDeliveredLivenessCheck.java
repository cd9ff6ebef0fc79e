package dev.baton.inference.health;

import dev.baton.inference.InferenceWorker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live while a result could not be published even after the producer's retries. Such a result
 * holds its request's offset back, so the request is answered again only after a restart: failing
 * liveness lets Kubernetes do that restart instead of an operator (the replacement consumes from
 * the held-back offset; a request may then be answered twice under the same correlation id).
 */
@Liveness
@ApplicationScoped
public class ResultsDeliveredLivenessCheck implements HealthCheck {

    private final IntSupplier undeliveredResults;

    @Inject
    ResultsDeliveredLivenessCheck(InferenceWorker worker) {
        this(worker::undeliveredResults);
    }

    ResultsDeliveredLivenessCheck(IntSupplier undeliveredResults) {
        this.undeliveredResults = undeliveredResults;
    }

    @Override
    public HealthCheckResponse call() {
        int undelivered = undeliveredResults.getAsInt();
        if (undelivered == 0) {
            return HealthCheckResponse.named("results-delivered").up().build();
        }
        return HealthCheckResponse.named("results-delivered").down()
                .withData("undeliveredResults", undelivered)
                .withData("reason", undelivered + " result(s) could not be published to Kafka; their requests"
                        + " are answered again after this worker restarts")
                .build();
    }
}
