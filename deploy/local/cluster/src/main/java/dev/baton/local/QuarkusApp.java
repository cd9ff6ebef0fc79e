package dev.baton.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of Baton's Quarkus services run from its build ({@code <module>/target/quarkus-app}),
 * pointed at the local broker and S3Proxy, with DJL offline and its natives cached in the
 * checkout. Ready when {@code /q/health/ready} answers 200.
 */
final class QuarkusApp implements LocalService {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LocalClusterConfig config;
    private final String module;
    private final int port;
    private final String portVariable;
    private final String heap;
    private final ManagedProcess process;

    private final Map<String, String> extraEnvironment;

    QuarkusApp(LocalClusterConfig config, AppInstance instance, int basePort, String portVariable, String heap,
            Map<String, String> extraEnvironment, Optional<KafkaScram> scram) {
        this.config = config;
        this.module = instance.module();
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        scram.ifPresent(s -> environment.putAll(s.environment(KafkaScram.SERVICE_USERS.get(module))));
        environment.putAll(instance.environment(config.home()));
        this.extraEnvironment = Map.copyOf(environment);
        this.port = instance.port(basePort);
        this.portVariable = portVariable;
        this.heap = heap;
        this.process = new ManagedProcess(instance.name(), config);
    }

    /**
     * @param config ports and folders
     * @param environment extra variables for the services (e.g. the gateway's API keys)
     * @param scram the broker's SCRAM users, when it has them: each service logs in as its own
     * @return the three services, gateway first, then {@link LocalClusterConfig#trainers()} trainers and
     *         {@link LocalClusterConfig#inferenceWorkers()} inference workers
     */
    static List<LocalService> all(LocalClusterConfig config, Map<String, String> environment,
            Optional<KafkaScram> scram) {
        List<LocalService> apps = new ArrayList<>();
        apps.add(new QuarkusApp(config, new AppInstance("api-gateway", 1), config.gatewayPort(), "BATON_GATEWAY_PORT",
                "512m", environment, scram));
        for (int n = 1; n <= config.trainers(); n++) {
            apps.add(new QuarkusApp(config, new AppInstance("trainer-worker", n), config.trainerPort(),
                    "BATON_TRAINER_PORT", "3g", environment, scram));
        }
        for (int n = 1; n <= config.inferenceWorkers(); n++) {
            apps.add(new QuarkusApp(config, new AppInstance("inference-worker", n), config.inferencePort(),
                    "BATON_INFERENCE_PORT", "1g", environment, scram));
        }
        return List.copyOf(apps);
    }

    @Override
    public ManagedProcess process() {
        return process;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String portVariable() {
        return portVariable;
    }

    @Override
    public ProcessHandle launch() {
        Path jar = config.checkout().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new LocalClusterException("no build of " + module + " at " + jar
                    + ": build the services first with './mvnw -B install -DskipTests'");
        }
        // One DJL cache per checkout: the PyTorch natives are unpacked once (about 430 MB).
        Path djlCache = config.distributions().resolveSibling("djl-cache");
        List<String> command = new ArrayList<>(List.of(JavaLauncher.java(), process.marker(), "-Xmx" + heap,
                "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + djlCache,
                "-DENGINE_CACHE_DIR=" + djlCache,
                "-Dquarkus.http.port=" + port,
                "-jar", jar.toString()));
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap(),
                "BATON_S3_ENDPOINT", config.s3Endpoint(),
                "BATON_S3_ACCESS_KEY", config.s3AccessKey(),
                "BATON_S3_SECRET_KEY", config.s3SecretKey(),
                "BATON_HOME", config.home().toString()));
        // README, "Known issues": libtorch's oneDNN AVX-512 kernels compute MobileNetV2 wrongly on some CPUs
        environment.putIfAbsent("ONEDNN_MAX_CPU_ISA", System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "AVX2"));
        try {
            Path workDir = config.home().resolve("work").resolve(process.name());
            Files.createDirectories(workDir);
            return process.start(command, workDir, environment);
        } catch (IOException e) {
            throw new LocalClusterException("cannot start " + module + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> checkReady(Duration timeout) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.empty()
                    : Optional.of(module + " answered " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            return Optional.of(module + " at " + uri + " not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
