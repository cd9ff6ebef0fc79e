package dev.baton.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and on which ports the local Kafka broker and S3Proxy run.
 *
 * <p>Every value can be overridden from the environment, so that several checkouts (or a busy
 * machine) can run side by side: {@code BATON_HOME} (default {@code <checkout>/.baton}),
 * {@code BATON_KAFKA_PORT}, {@code BATON_KAFKA_CONTROLLER_PORT}, {@code BATON_S3_PORT},
 * {@code BATON_S3_ACCESS_KEY}, {@code BATON_S3_SECRET_KEY}, and for the services
 * {@code BATON_GATEWAY_PORT} (8080), {@code BATON_TRAINER_PORT} (8082), {@code BATON_INFERENCE_PORT} (8083), and for
 * the local Prometheus {@code BATON_PROMETHEUS_PORT} (39090) and {@code BATON_PROMETHEUS_SCRAPE_INTERVAL} (seconds,
 * 5), and {@code BATON_KAFKA_SCRAM} ({@code true}: the broker's client listener is SASL/SCRAM with ACLs, see
 * {@link KafkaScram}; default {@code false}, PLAINTEXT), and how many processes of a worker run:
 * {@code BATON_TRAINERS} and {@code BATON_INFERENCE_WORKERS} (1 each; instance <i>n</i> &gt; 1 is named
 * {@code trainer-worker-n}, listens on the base port + <i>n</i> - 1, see {@link AppInstance}). Data, logs and PID files live under
 * the home folder, which the checkout's {@code .gitignore} ignores; the distributions always lie in
 * the checkout's {@code .baton/dist}, where the Maven build fetches them.
 *
 * @param checkout the project's root folder (where the services' builds lie)
 * @param home folder for data, logs and PID files
 * @param distributions folder the Maven build fetched the broker and S3Proxy into ({@code <checkout>/.baton/dist})
 * @param kafkaPort the broker's client listener on 127.0.0.1
 * @param kafkaControllerPort the KRaft controller listener on 127.0.0.1
 * @param s3Port S3Proxy's HTTP port on 127.0.0.1
 * @param s3AccessKey the access key S3Proxy accepts (SigV4)
 * @param s3SecretKey the secret key S3Proxy accepts
 * @param gatewayPort the api-gateway's HTTP port
 * @param trainerPort the trainer-worker's HTTP port (health, metrics)
 * @param inferencePort the inference-worker's HTTP port (health, metrics)
 * @param prometheusPort the local Prometheus' HTTP port (UI and API) on 127.0.0.1
 * @param scrapeInterval how often the local Prometheus scrapes the services
 * @param kafkaScram whether the broker's client listener is SASL_PLAINTEXT with SCRAM-SHA-512 users and ACLs
 * @param trainers how many trainer-worker processes {@code up} runs
 * @param inferenceWorkers how many inference-worker processes {@code up} runs
 */
public record LocalClusterConfig(
        Path checkout, Path home, Path distributions, int kafkaPort, int kafkaControllerPort, int s3Port,
        String s3AccessKey, String s3SecretKey, int gatewayPort, int trainerPort, int inferencePort,
        int prometheusPort, Duration scrapeInterval, boolean kafkaScram, int trainers, int inferenceWorkers) {

    /** Default client port of the local broker. */
    public static final int DEFAULT_KAFKA_PORT = 39092;
    /** Default KRaft controller port of the local broker. */
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 39093;
    /** Default port of the local S3Proxy. */
    public static final int DEFAULT_S3_PORT = 39000;
    /** Default port of the local Prometheus. */
    public static final int DEFAULT_PROMETHEUS_PORT = 39090;
    /** Default scrape interval of the local Prometheus, in seconds. */
    public static final int DEFAULT_SCRAPE_SECONDS = 5;
    /** The most processes of one worker the local cluster runs (their ports follow the base port). */
    public static final int MAX_INSTANCES = 16;

    /**
     * Reads the configuration from the given environment.
     *
     * @param checkoutRoot the project's root folder
     * @param env the environment (normally {@link System#getenv()})
     * @return the configuration
     */
    public static LocalClusterConfig fromEnvironment(Path checkoutRoot, Map<String, String> env) {
        Path home = env.containsKey("BATON_HOME") ? Path.of(env.get("BATON_HOME")) : checkoutRoot.resolve(".baton");
        return new LocalClusterConfig(
                checkoutRoot.toAbsolutePath().normalize(),
                home.toAbsolutePath().normalize(),
                checkoutRoot.resolve(".baton").resolve("dist").toAbsolutePath().normalize(),
                port(env, "BATON_KAFKA_PORT", DEFAULT_KAFKA_PORT),
                port(env, "BATON_KAFKA_CONTROLLER_PORT", DEFAULT_KAFKA_CONTROLLER_PORT),
                port(env, "BATON_S3_PORT", DEFAULT_S3_PORT),
                env.getOrDefault("BATON_S3_ACCESS_KEY", "baton"),
                env.getOrDefault("BATON_S3_SECRET_KEY", "baton-local-secret"),
                port(env, "BATON_GATEWAY_PORT", 8080),
                port(env, "BATON_TRAINER_PORT", 8082),
                port(env, "BATON_INFERENCE_PORT", 8083),
                port(env, "BATON_PROMETHEUS_PORT", DEFAULT_PROMETHEUS_PORT),
                Duration.ofSeconds(seconds(env, "BATON_PROMETHEUS_SCRAPE_INTERVAL", DEFAULT_SCRAPE_SECONDS)),
                Boolean.parseBoolean(env.getOrDefault("BATON_KAFKA_SCRAM", "false").trim()),
                count(env, "BATON_TRAINERS"),
                count(env, "BATON_INFERENCE_WORKERS"));
    }

    /**
     * @param atLeastTrainers trainers to include at least (e.g. those a PID file shows running)
     * @param atLeastInferenceWorkers inference workers to include at least
     * @return this configuration with at least these worker counts
     */
    public LocalClusterConfig withInstancesAtLeast(int atLeastTrainers, int atLeastInferenceWorkers) {
        return new LocalClusterConfig(checkout, home, distributions, kafkaPort, kafkaControllerPort, s3Port,
                s3AccessKey, s3SecretKey, gatewayPort, trainerPort, inferencePort, prometheusPort, scrapeInterval,
                kafkaScram, Math.max(trainers, atLeastTrainers), Math.max(inferenceWorkers, atLeastInferenceWorkers));
    }

    private static int count(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count < 1 || count > MAX_INSTANCES) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of processes between 1 and " + MAX_INSTANCES
                    + ", got '" + value + "'");
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number between 1 and 65535, got '" + value + "'");
        }
    }

    private static int seconds(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds < 1 || seconds > 300) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds between 1 and 300, got '" + value + "'");
        }
    }

    /** @return the local Prometheus' URL (UI and HTTP API) */
    public String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    /** @return the Kafka bootstrap address for clients */
    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** @return the S3 endpoint URL */
    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** @return the folder that holds the services' logs */
    public Path logs() {
        return home.resolve("logs");
    }

    /** @return the folder that holds the services' PID files */
    public Path run() {
        return home.resolve("run");
    }
}
