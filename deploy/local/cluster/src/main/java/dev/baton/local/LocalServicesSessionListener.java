package dev.baton.local;

import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes the real Kafka broker and S3Proxy available to a module's tests: at the start of the
 * JUnit session it reuses running services or starts them, publishes their endpoints as system
 * properties ({@code kafka.bootstrap.servers}, {@code baton.s3.endpoint}, {@code baton.s3.access-key},
 * {@code baton.s3.secret-key}), and at the end stops only what it started.
 *
 * <p>Registered through {@code META-INF/services}; a module gets it by depending on this artifact
 * in test scope.
 */
public final class LocalServicesSessionListener implements LauncherSessionListener {
    private LocalCluster cluster;
    private List<String> started = List.of();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Path root = Path.of(System.getProperty("baton.root", ".")).toAbsolutePath().normalize();
        cluster = new LocalCluster(LocalClusterConfig.fromEnvironment(root, System.getenv()));
        started = cluster.ensureRunning();
        LocalClusterConfig config = cluster.config();
        System.setProperty("kafka.bootstrap.servers", config.kafkaBootstrap());
        System.setProperty("baton.s3.endpoint", config.s3Endpoint());
        System.setProperty("baton.s3.access-key", config.s3AccessKey());
        System.setProperty("baton.s3.secret-key", config.s3SecretKey());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (cluster != null && !started.isEmpty()) {
            cluster.stop(started);
        }
    }
}
