package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.local.LocalCluster;
import dev.baton.local.LocalClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * The real platform for the end-to-end tests: the gateway, a trainer and an inference worker
 * started from their builds (on free ports, with their own PID folder) on the local Kafka broker and
 * S3Proxy, with a submitter and a viewer key. Started once for every test class that extends with
 * it, and stopped when the test run ends.
 */
final class RealPlatform implements BeforeAllCallback, AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
    /** The submitter's key. */
    static final String ADMIN_KEY = "e2e-" + UUID.randomUUID();
    /** The viewer's key. */
    static final String VIEWER_KEY = "e2e-viewer-" + UUID.randomUUID();

    private static RealPlatform running;

    private LocalCluster apps;
    private List<String> started = List.of();
    private LocalClusterConfig config;

    /** @return the started platform (after {@link #beforeAll}) */
    static RealPlatform get() {
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RealPlatform.class, key -> start(), RealPlatform.class);
    }

    private static RealPlatform start() {
        try {
            RealPlatform platform = new RealPlatform();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("BATON_HOME", ROOT.resolve("cli/target/e2e-home").toString());
            env.put("BATON_GATEWAY_PORT", Integer.toString(freePort()));
            env.put("BATON_TRAINER_PORT", Integer.toString(freePort()));
            env.put("BATON_INFERENCE_PORT", Integer.toString(freePort()));
            platform.config = LocalClusterConfig.fromEnvironment(ROOT, env);
            platform.apps = new LocalCluster(platform.config,
                    Map.of("BATON_ADMIN_API_KEY", ADMIN_KEY, "BATON_VIEWER_API_KEY", VIEWER_KEY));
            platform.started = platform.apps.ensureAppsRunning();
            return platform;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the platform", e);
        }
    }

    @Override
    public void close() {
        if (apps != null) {
            apps.stop(started);
        }
        running = null;
    }

    LocalClusterConfig config() {
        return config;
    }

    /** @return the gateway's base URL */
    String gateway() {
        return "http://127.0.0.1:" + config.gatewayPort();
    }

    /** Kills a service the way a crash or the OOM killer does (SIGKILL: no shutdown hook runs). */
    void kill(String service) throws Exception {
        long pid = Long.parseLong(Files.readString(config.run().resolve(service + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(service + " is not running"));
        assertTrue(process.destroyForcibly(), "SIGKILL to " + service);
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Starts again whichever service is not running, and waits until all are ready. */
    void restartStopped() {
        apps.ensureAppsRunning();
    }

    /** @return a client of the platform's object store */
    ObjectStore store() {
        return ObjectStore.connect(new ObjectStoreConfig(config.s3Endpoint(), config.s3AccessKey(),
                config.s3SecretKey(), "us-east-1"));
    }

    /** Registers the offline MobileNetV2 base (npm nsfwjs@4.4.0) unless it is registered. */
    void ensureOfflineBase() throws Exception {
        ObjectStore store = store();
        if (new BaseModelRegistry(store).contains(BaseModelsCommand.OFFLINE_MOBILENET)) {
            return;
        }
        // Output to a log, stdin a pipe of its own: inheriting the forked test JVM's streams corrupts surefire's channel.
        Path log = ROOT.resolve("cli/target/fetch-nsfwjs.log");
        Files.createDirectories(log.getParent());
        Process fetch = new ProcessBuilder(ROOT.resolve("deploy/base-models/fetch-nsfwjs.sh").toString(), ROOT.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        fetch.getOutputStream().close();
        assertTrue(fetch.waitFor(10, TimeUnit.MINUTES) && fetch.exitValue() == 0, "fetching nsfwjs@4.4.0 failed; see " + log);
        assertEquals(0, new CommandLine(new BatonCommand()).setExecutionExceptionHandler(new FriendlyErrors())
                .execute("base", "import-nsfwjs", "--s3-endpoint", config.s3Endpoint(),
                        "--s3-access-key", config.s3AccessKey(), "--s3-secret-key", config.s3SecretKey()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
