package dev.baton.service.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Liveness of the threads a service cannot work without. An {@link OutOfMemoryError} in a
 * background thread kills only that thread, and the service then looks alive while it is not: a
 * dead topic replay leaves a view frozen, a dead producer I/O thread leaves every send hanging.
 * This check is DOWN, with the thread and the reason, when
 * <ul>
 *   <li>a watched loop reports a fatal error ({@link #watch}),</li>
 *   <li>any thread ended by an uncaught {@link Error} such as {@link OutOfMemoryError} (a default
 *       handler records it; an uncaught exception is only logged, since the loops that matter are
 *       watched), or</li>
 *   <li>an open Kafka producer has lost its I/O thread (Kafka's threads catch their own errors, so
 *       the producers registered in JMX are compared with the live threads),</li>
 * </ul>
 * so Kubernetes restarts the pod instead of leaving it half dead.
 */
// @Default as well: the services inject it to watch their loops (@Liveness alone is a qualifier).
@Liveness
@Default
@ApplicationScoped
public class BackgroundHealth implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(BackgroundHealth.class);
    private static final String PRODUCER_THREAD = "kafka-producer-network-thread | ";

    private final Map<String, Supplier<Optional<String>>> watched = new ConcurrentHashMap<>();
    private final Map<String, String> died = new ConcurrentHashMap<>();

    void installHandler(@Observes StartupEvent event) {
        recordUncaughtErrors();
    }

    /** Installs the default handler that records every thread ended by an uncaught {@link Error}. */
    public void recordUncaughtErrors() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof Error) {
                threadDied(thread.getName(), error);
            } else {
                LOG.errorf(error, "thread '%s' ended with an uncaught exception", thread.getName());
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            }
        });
    }

    /**
     * @param name the loop, as the health check names it
     * @param failure what stopped it for good, or empty while it works
     */
    public void watch(String name, Supplier<Optional<String>> failure) {
        watched.put(name, failure);
    }

    /** Records that a thread ended (or must be considered dead) because of that error. */
    public void threadDied(String thread, Throwable error) {
        String reason = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        LOG.errorf(error, "background thread '%s' died: %s", thread, reason);
        died.put(thread, reason);
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> problems = new TreeMap<>(died);
        watched.forEach((name, failure) -> failure.get().ifPresent(reason -> problems.put(name, reason)));
        deadProducerThreads().forEach(client -> problems.put(PRODUCER_THREAD + client,
                "the Kafka producer's I/O thread has died; its sends can never complete"));
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-threads").status(problems.isEmpty());
        problems.forEach(response::withData);
        return response.build();
    }

    private static Set<String> deadProducerThreads() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<String> producers = server.queryNames(new ObjectName("kafka.producer:type=app-info,id=*"), null)
                    .stream().map(name -> name.getKeyProperty("id"))
                    .map(id -> id.startsWith("\"") ? ObjectName.unquote(id) : id).collect(Collectors.toSet());
            if (producers.isEmpty()) {
                return Set.of();
            }
            Set<String> alive = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> name.startsWith(PRODUCER_THREAD))
                    .map(name -> name.substring(PRODUCER_THREAD.length())).collect(Collectors.toSet());
            producers.removeAll(alive);
            return producers;
        } catch (Exception e) {
            return Set.of();
        }
    }
}
