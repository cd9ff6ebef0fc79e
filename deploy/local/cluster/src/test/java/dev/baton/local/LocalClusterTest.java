package dev.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a second, private cluster on other ports (its own home folder), so it never touches the
 * cluster that other modules' tests share.
 */
class LocalClusterTest {
    private static final Path ROOT = Path.of(System.getProperty("baton.root", "../../..")).toAbsolutePath().normalize();

    private static LocalClusterConfig privateCluster(Path home, int kafka, int controller, int s3) {
        return LocalClusterConfig.fromEnvironment(ROOT, Map.of(
                "BATON_HOME", home.toString(),
                "BATON_KAFKA_PORT", Integer.toString(kafka),
                "BATON_KAFKA_CONTROLLER_PORT", Integer.toString(controller),
                "BATON_S3_PORT", Integer.toString(s3)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void startsIdempotentlyAndStopLeavesNoProcess(@TempDir Path home) throws Exception {
        LocalCluster cluster = new LocalCluster(privateCluster(home, freePort(), freePort(), freePort()));
        List<Optional<ProcessHandle>> processes;
        try {
            assertEquals(List.of("kafka", "s3proxy"), cluster.ensureRunning());
            assertEquals(List.of(), cluster.ensureRunning(), "a second start finds both running");
            List<String> status = cluster.status();
            assertTrue(status.get(0).startsWith("kafka: running (pid ") && status.get(0).endsWith(", ready)"),
                    status.get(0));
            assertTrue(status.get(1).startsWith("s3proxy: running (pid ") && status.get(1).endsWith(", ready)"),
                    status.get(1));
            processes = List.of(new KafkaBroker(cluster.config(), Optional.empty()).process().running(),
                    new S3ProxyServer(cluster.config()).process().running());
            assertTrue(processes.stream().allMatch(Optional::isPresent));
        } finally {
            assertEquals(List.of("s3proxy", "kafka"), cluster.stop(List.of()));
        }
        for (Optional<ProcessHandle> process : processes) {
            assertFalse(process.orElseThrow().isAlive(), "pid " + process.orElseThrow().pid() + " still alive");
        }
        assertEquals(List.of("kafka: stopped", "s3proxy: stopped"), cluster.status());
        assertEquals(List.of(), cluster.stop(List.of()), "stopping twice is harmless");
        assertTrue(Files.exists(home.resolve("logs/kafka.log")));
    }

    @Test
    void aPortHeldByAnotherProcessIsReportedWithTheVariableThatMovesIt(@TempDir Path home) throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalCluster cluster = new LocalCluster(
                    privateCluster(home, squatter.getLocalPort(), freePort(), freePort()));
            LocalClusterException e = assertThrows(LocalClusterException.class, cluster::ensureRunning);
            assertEquals("port " + squatter.getLocalPort() + " (kafka) is in use by a process these scripts did not "
                    + "start: stop it or set BATON_KAFKA_PORT to a free port", e.getMessage());
            assertEquals(List.of("kafka: stopped", "s3proxy: stopped"), cluster.status());
        }
    }

    @Test
    void invalidPortVariableIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalClusterConfig.fromEnvironment(ROOT, Map.of("BATON_S3_PORT", "http")));
        assertEquals("BATON_S3_PORT must be a port number between 1 and 65535, got 'http'", e.getMessage());
    }

    @Test
    void missingDistributionSaysHowToFetchIt(@TempDir Path emptyCheckout) throws Exception {
        LocalCluster cluster = new LocalCluster(LocalClusterConfig.fromEnvironment(emptyCheckout,
                Map.of("BATON_KAFKA_PORT", Integer.toString(freePort()),
                        "BATON_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                        "BATON_S3_PORT", Integer.toString(freePort()))));
        LocalClusterException e = assertThrows(LocalClusterException.class, cluster::ensureRunning);
        assertTrue(e.getMessage().contains("fetch the local services first with 'deploy/local/cluster.sh fetch'"),
                e.getMessage());
    }
}
