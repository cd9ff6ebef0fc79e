package dev.baton.service.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Kafka cluster answers and names a controller. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    private final Admin admin;

    KafkaReadinessCheck(Admin admin) {
        this.admin = admin;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            var cluster = admin.describeCluster();
            int brokers = cluster.nodes().get(3, TimeUnit.SECONDS).size();
            var controller = cluster.controller().get(3, TimeUnit.SECONDS);
            return HealthCheckResponse.named("kafka").status(brokers > 0 && controller != null)
                    .withData("brokers", brokers).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
