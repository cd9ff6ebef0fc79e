package dev.baton.service.kafka;

import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.service.config.ProvisioningSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Creates Baton's topics, the trainers' share-group setting and the buckets before anything
 * else starts (idempotent; every replica may run it). Off with {@code baton.provisioning.enabled=false}.
 */
@ApplicationScoped
public class StartupProvisioner {
    private static final Logger LOG = Logger.getLogger(StartupProvisioner.class);

    void provision(@Observes @Priority(1) StartupEvent event, ProvisioningSettings settings, Admin admin,
            ObjectStore store) {
        if (!settings.enabled()) {
            return;
        }
        new TopicProvisioner(admin, settings.timeout()).provisionAll().forEach(change -> LOG.info("kafka: " + change));
        ObjectKeys.ALL_BUCKETS.forEach(store::ensureBucket);
    }
}
