package dev.baton.service.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts what a Kafka loop catches, as Kafka's own example consumer does: errors no retry can cure
 * (authentication, authorization, an unsupported protocol, bad configuration, and any JVM
 * {@link Error} such as {@link OutOfMemoryError}) end the loop and make the service unhealthy;
 * everything else is logged and the loop goes on.
 */
public final class KafkaErrors {
    private KafkaErrors() {
    }

    /** @return whether a loop that caught it must stop and report itself dead */
    public static boolean isFatal(Throwable error) {
        return error instanceof Error
                || error instanceof AuthenticationException
                || error instanceof AuthorizationException
                || error instanceof UnsupportedVersionException
                || error instanceof InvalidConfigurationException
                || error instanceof RecordDeserializationException;
    }

    /** @return a one-line description for health checks and logs */
    public static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
