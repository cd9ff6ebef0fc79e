package dev.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several trainers and inference workers on one local cluster: their names, ports, PID files and
 * what sets each apart, and a stop that finds every instance whatever count it is called with. No
 * service is started (a sleeping JVM stands in for a recorded instance).
 */
class AppInstancesTest {
    private static final Path ROOT = Path.of(System.getProperty("baton.root", "../../..")).toAbsolutePath().normalize();

    private static LocalClusterConfig config(Path home, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "BATON_HOME", home.toString(),
                "BATON_KAFKA_PORT", Integer.toString(freePort()),
                "BATON_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "BATON_S3_PORT", Integer.toString(freePort()),
                "BATON_GATEWAY_PORT", "29000",
                "BATON_TRAINER_PORT", "29010",
                "BATON_INFERENCE_PORT", "29020"));
        env.putAll(extra);
        return LocalClusterConfig.fromEnvironment(ROOT, env);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> names(List<LocalService> apps) {
        return apps.stream().map(a -> a.process().name()).toList();
    }

    @Test
    void byDefaultTheThreeServicesRunOnceAsBefore(@TempDir Path home) throws IOException {
        List<LocalService> apps = QuarkusApp.all(config(home, Map.of()), Map.of(), Optional.empty());
        assertEquals(List.of("api-gateway", "trainer-worker", "inference-worker"), names(apps));
        assertEquals(List.of(29000, 29010, 29020), apps.stream().map(LocalService::port).toList());
        assertEquals(home.resolve("logs/trainer-worker.log"), apps.get(1).process().logFile());
        assertEquals(Map.of(), new AppInstance("trainer-worker", 1).environment(home), "instance 1 runs as before");
    }

    @Test
    void countsAddNumberedInstancesOnTheFollowingPorts(@TempDir Path home) throws IOException {
        LocalClusterConfig config = config(home, Map.of("BATON_TRAINERS", "3", "BATON_INFERENCE_WORKERS", "2"));
        List<LocalService> apps = QuarkusApp.all(config, Map.of(), Optional.empty());
        assertEquals(List.of("api-gateway", "trainer-worker", "trainer-worker-2", "trainer-worker-3",
                "inference-worker", "inference-worker-2"), names(apps));
        assertEquals(List.of(29000, 29010, 29011, 29012, 29020, 29021), apps.stream().map(LocalService::port).toList());
        assertEquals(home.resolve("logs/trainer-worker-3.log"), apps.get(3).process().logFile());
        assertEquals(Map.of("BATON_TRAINER_WORKER_ID", "trainer-worker-3",
                        "BATON_TRAINER_WORK_DIR", home.resolve("work/trainer-worker-3/jobs").toString()),
                new AppInstance("trainer-worker", 3).environment(home),
                "a further trainer has its own worker id (its Kafka client ids) and its own work folder");
        assertEquals(Map.of(), new AppInstance("inference-worker", 2).environment(home));
    }

    @Test
    void aBadCountIsExplained(@TempDir Path home) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(home, Map.of("BATON_TRAINERS", "0")));
        assertEquals("BATON_TRAINERS must be a number of processes between 1 and 16, got '0'", e.getMessage());
    }

    @Test
    void stopFindsAnInstanceThatALargerCountStarted(@TempDir Path home) throws Exception {
        LocalClusterConfig byDefault = config(home, Map.of());
        ManagedProcess fourth = new ManagedProcess("trainer-worker-4", byDefault);
        ProcessHandle sleeper = fourth.start(List.of(JavaLauncher.java(), fourth.marker(), "-cp",
                System.getProperty("java.class.path"), Sleeper.class.getName()), home);
        try {
            assertEquals(4, AppInstance.highestRecorded(byDefault.run(), "trainer-worker"));
            LocalCluster cluster = new LocalCluster(byDefault);
            assertTrue(cluster.status().stream().anyMatch(l -> l.startsWith("trainer-worker-4: running (pid "
                    + sleeper.pid() + ", port 29013")), cluster.status().toString());
            assertEquals(List.of("trainer-worker-4"), cluster.stop(List.of()));
            assertFalse(sleeper.isAlive());
            assertEquals(1, AppInstance.highestRecorded(byDefault.run(), "trainer-worker"), "its PID file is gone");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    /** Stands in for a service process: sleeps until stopped. */
    static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(120_000);
        }
    }
}
