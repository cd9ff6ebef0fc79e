package dev.baton.contracts;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The real local Kafka broker and S3Proxy that the JUnit session listener of baton-local-cluster
 * started (or found running) for this test JVM.
 */
public final class TestServices {
    private TestServices() {
    }

    public static String kafkaBootstrap() {
        return required("kafka.bootstrap.servers");
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()));
    }

    public static ObjectStore objectStore() {
        return ObjectStore.connect(new ObjectStoreConfig(required("baton.s3.endpoint"),
                required("baton.s3.access-key"), required("baton.s3.secret-key"), "us-east-1"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: the local-cluster JUnit listener did not run");
        }
        return value;
    }
}
