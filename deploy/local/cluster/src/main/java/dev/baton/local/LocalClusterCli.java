package dev.baton.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of {@code deploy/local/cluster.sh}: {@code start} (broker and S3Proxy), {@code up
 * [--no-prometheus]} (those, the three services and a Prometheus scraping them), {@code stop [service...]},
 * {@code status} and {@code env} (prints the endpoints as shell variables). {@code BATON_TRAINERS} and
 * {@code BATON_INFERENCE_WORKERS} run several workers ({@link LocalClusterConfig}).
 */
public final class LocalClusterCli {
    private LocalClusterCli() {
    }

    /**
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("baton.root", ".")).toAbsolutePath().normalize();
        LocalCluster cluster = new LocalCluster(LocalClusterConfig.fromEnvironment(root, System.getenv()));
        String command = args.length == 0 ? "status" : args[0];
        try {
            switch (command) {
                case "start", "up" -> {
                    long t0 = System.nanoTime();
                    boolean withPrometheus = !Arrays.asList(args).contains("--no-prometheus");
                    List<String> started = !command.equals("up") ? cluster.ensureRunning()
                            : withPrometheus ? cluster.ensureRunningWithAppsAndPrometheus() : cluster.ensureRunningWithApps();
                    System.out.printf("local services ready in %.1f s (started: %s)%n", (System.nanoTime() - t0) / 1e9,
                            started.isEmpty() ? "none, all were running" : String.join(", ", started));
                    printEnv(cluster.config());
                    if (cluster.prometheus().process().running().isPresent()) {
                        System.out.println("BATON_PROMETHEUS_URL=" + cluster.config().prometheusUrl());
                    }
                }
                case "stop" -> {
                    List<String> stopped = cluster.stop(Arrays.asList(args).subList(1, args.length));
                    System.out.println(stopped.isEmpty() ? "nothing was running" : "stopped: " + String.join(", ", stopped));
                }
                case "status" -> cluster.status().forEach(System.out::println);
                case "env" -> printEnv(cluster.config());
                default -> {
                    System.err.println("usage: cluster.sh fetch|start|up [--no-prometheus]|stop [service...]|status|env");
                    System.exit(2);
                }
            }
        } catch (LocalClusterException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        // The S3 client's HTTP threads would keep the JVM alive for another minute.
        System.exit(0);
    }

    private static void printEnv(LocalClusterConfig config) {
        System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + config.kafkaBootstrap());
        System.out.println("BATON_S3_ENDPOINT=" + config.s3Endpoint());
        System.out.println("BATON_S3_ACCESS_KEY=" + config.s3AccessKey());
        System.out.println("BATON_S3_SECRET_KEY=" + config.s3SecretKey());
    }
}
