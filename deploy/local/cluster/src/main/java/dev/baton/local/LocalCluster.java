package dev.baton.local;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local Kafka broker and S3Proxy, and optionally Baton's three services on top of them and a
 * Prometheus that scrapes them:
 * start (or reuse) them, wait until they are really ready, and stop only the processes that were
 * started here, by PID.
 *
 * <p>Starting is idempotent: a service whose PID file names a live, ready process is reused. A
 * port held by some other process is reported with the variable that moves the port. Several
 * JVMs may call {@link #ensureRunning()} at once; a file lock in the home folder serialises them.
 */
public final class LocalCluster {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LocalClusterConfig config;
    private final List<LocalService> infrastructure;
    private final List<LocalService> apps;
    private final PrometheusServer prometheus;
    private final Optional<KafkaScram> kafkaScram;
    private final Map<String, String> appEnvironment;

    /** @param config where and on which ports the services run */
    public LocalCluster(LocalClusterConfig config) {
        this(config, Map.of());
    }

    /**
     * @param config where and on which ports the services run
     * @param appEnvironment extra environment for the three services (e.g. {@code BATON_ADMIN_API_KEY})
     */
    public LocalCluster(LocalClusterConfig config, Map<String, String> appEnvironment) {
        this.config = config;
        this.appEnvironment = Map.copyOf(appEnvironment);
        this.kafkaScram = config.kafkaScram()
                ? Optional.of(new KafkaScram(KafkaAcls.fromManifests(config.checkout())))
                : Optional.empty();
        this.infrastructure = List.of(new KafkaBroker(config, kafkaScram), new S3ProxyServer(config));
        this.apps = QuarkusApp.all(config, appEnvironment, kafkaScram);
        this.prometheus = new PrometheusServer(config);
    }

    /** @return the configuration in use */
    public LocalClusterConfig config() {
        return config;
    }

    /** @return the broker's SCRAM users and ACLs when it runs with {@code BATON_KAFKA_SCRAM=true} */
    public Optional<KafkaScram> kafkaScram() {
        return kafkaScram;
    }

    /**
     * Starts the broker and S3Proxy unless they run, and waits until both pass their readiness check.
     *
     * @return the names of the services this call started (empty when all were already running)
     * @throws LocalClusterException when a service cannot start or does not become ready in time
     */
    public List<String> ensureRunning() {
        return ensureRunning(infrastructure);
    }

    /**
     * Starts only the named infrastructure services (kafka, s3proxy) unless they run: a test that
     * restarts its own broker starts just that one.
     *
     * @param names the services to start
     * @return the names of the services this call started
     */
    public List<String> ensureNamedRunning(List<String> names) {
        List<LocalService> chosen = infrastructure.stream().filter(s -> names.contains(s.process().name())).toList();
        if (chosen.size() != names.size()) {
            throw new IllegalArgumentException("unknown local services in " + names + ": kafka and s3proxy exist");
        }
        return ensureRunning(chosen);
    }

    /**
     * Like {@link #ensureRunning()}, then the api-gateway, trainer-worker and inference-worker from
     * their builds, each ready when its {@code /q/health/ready} says so.
     *
     * @return the names of the services this call started
     */
    public List<String> ensureRunningWithApps() {
        List<String> started = new ArrayList<>(ensureRunning(infrastructure));
        started.addAll(ensureAppsRunning());
        return started;
    }

    /**
     * Like {@link #ensureRunningWithApps()}, then the local Prometheus that scrapes the three services.
     *
     * @return the names of the services this call started
     */
    public List<String> ensureRunningWithAppsAndPrometheus() {
        List<String> started = new ArrayList<>(ensureRunningWithApps());
        started.addAll(ensurePrometheusRunning());
        return started;
    }

    /**
     * Starts the local Prometheus unless it runs (scraping the services on this configuration's ports,
     * whether or not they run yet), ready when its HTTP API answers a query.
     *
     * @return ["prometheus"] when this call started it, otherwise empty
     */
    public List<String> ensurePrometheusRunning() {
        return ensureRunning(List.of(prometheus));
    }

    /** @return the local Prometheus (its queries, its targets) */
    public PrometheusServer prometheus() {
        return prometheus;
    }

    /**
     * Starts the three services unless they run, against a broker and S3Proxy that already run.
     *
     * @return the names of the services this call started
     */
    public List<String> ensureAppsRunning() {
        return ensureRunning(apps);
    }

    private List<String> ensureRunning(List<LocalService> services) {
        try (HomeFolderLock ignored = HomeFolderLock.acquire(config.home())) {
            List<LocalService> started = new ArrayList<>();
            for (LocalService service : services) {
                if (service.process().running().isPresent()) {
                    continue;
                }
                if (PortProbe.isOpen(service.port())) {
                    throw new LocalClusterException("port " + service.port() + " (" + service.process().name()
                            + ") is in use by a process these scripts did not start: stop it or set "
                            + service.portVariable() + " to a free port");
                }
                service.launch();
                started.add(service);
            }
            for (LocalService service : services) {
                awaitReady(service);
            }
            return started.stream().map(s -> s.process().name()).toList();
        } catch (IOException e) {
            throw new LocalClusterException("cannot lock " + config.home() + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(LocalService service) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Optional<String> problem = Optional.of("not checked");
        while (System.nanoTime() < deadline) {
            if (service.process().running().isEmpty()) {
                throw new LocalClusterException(service.process().name() + " exited during start-up; its log ("
                        + service.process().logFile() + ") ends with:\n" + service.process().logTail(20));
            }
            if (PortProbe.isOpen(service.port())) {
                problem = service.checkReady(CHECK_TIMEOUT);
                if (problem.isEmpty()) {
                    return;
                }
            }
            sleep(Duration.ofMillis(300));
        }
        throw new LocalClusterException(service.process().name() + " was not ready after " + READY_TIMEOUT.toSeconds()
                + " s (" + problem.orElse("") + "); see " + service.process().logFile());
    }

    /**
     * Stops the services that the scripts started (by their PID files): the apps first, then the
     * infrastructure.
     *
     * @param names which services to stop (kafka, s3proxy, api-gateway, trainer-worker, inference-worker, prometheus,
     *        and further instances such as trainer-worker-2); empty means all, every instance that a PID file names
     *        included, whatever worker counts this configuration has
     * @return the names of the services that were running and are now stopped
     */
    public List<String> stop(List<String> names) {
        List<String> stopped = new ArrayList<>();
        List<LocalService> reversed = new ArrayList<>(infrastructure);
        reversed.addAll(recordedApps());
        reversed.add(prometheus);
        Collections.reverse(reversed);
        for (LocalService service : reversed) {
            String name = service.process().name();
            if ((names.isEmpty() || names.contains(name)) && service.process().stop(STOP_GRACE)) {
                stopped.add(name);
            }
        }
        return stopped;
    }

    /**
     * @return one line per service: its name, PID (or "stopped") and readiness; the apps and Prometheus
     *         only when running, Prometheus with the {@code up} of each service from a real query
     */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        List<LocalService> all = new ArrayList<>(infrastructure);
        recordedApps().stream().filter(a -> a.process().running().isPresent()).forEach(all::add);
        if (prometheus.process().running().isPresent()) {
            all.add(prometheus);
        }
        for (LocalService service : all) {
            Optional<ProcessHandle> handle = service.process().running();
            String state = handle.map(h -> "running (pid " + h.pid() + ", port " + service.port() + ", "
                    + service.checkReady(CHECK_TIMEOUT).map(p -> "NOT READY: " + p).orElse("ready")
                    + service.detail(CHECK_TIMEOUT).map(d -> "; " + d).orElse("") + ")")
                    .orElse("stopped");
            lines.add(service.process().name() + ": " + state);
        }
        return lines;
    }

    /** @return the apps of this configuration and any further instances that PID files record */
    private List<LocalService> recordedApps() {
        LocalClusterConfig widened = config.withInstancesAtLeast(
                AppInstance.highestRecorded(config.run(), "trainer-worker"),
                AppInstance.highestRecorded(config.run(), "inference-worker"));
        return widened.equals(config) ? apps : QuarkusApp.all(widened, appEnvironment, kafkaScram);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while waiting for the local services", e);
        }
    }
}
