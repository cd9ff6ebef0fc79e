package dev.baton.service.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One Kafka Admin client per service, on the service's {@link KafkaConnection}, closed at shutdown. */
@ApplicationScoped
public class KafkaAdminProducer {
    private volatile Admin admin;

    /** @return the service's Admin client */
    @Produces
    @Singleton
    public Admin admin(KafkaConnection kafka) {
        admin = Admin.create(kafka.with(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "baton-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000)));
        return admin;
    }

    void close(@Observes ShutdownEvent event) {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }
}
