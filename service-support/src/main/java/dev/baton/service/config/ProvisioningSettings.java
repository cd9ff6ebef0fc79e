package dev.baton.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Whether a service creates Baton's topics and buckets at start-up ({@code baton.provisioning.*}). */
@ConfigMapping(prefix = "baton.provisioning")
public interface ProvisioningSettings {
    /** @return true to provision at start-up (off where an operator owns topics, e.g. Strimzi KafkaTopics) */
    @WithDefault("true")
    boolean enabled();

    /** @return how long each Admin or S3 call may take */
    @WithDefault("30s")
    Duration timeout();
}
