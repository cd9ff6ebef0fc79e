package dev.baton.service.kafka;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.service.health.BackgroundHealth;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

/**
 * The lifecycle every replayed view shares around its {@link TopicReplay}: created and started by
 * {@link #start}, which has {@link BackgroundHealth} watch it (liveness DOWN once it stops for good) and
 * waits for it to catch up; ready once it has caught up and while it still runs ({@link #isReady()});
 * closed by {@link #close()}. The view keeps only its own state and queries, and hands in what applies
 * each message.
 *
 * @param <T> the message type
 */
public final class ReplayedTopic<T extends BatonMessage> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplayedTopic.class);

    private final KafkaConnection kafka;
    private final String topic;
    private final Class<T> type;
    private final Consumer<T> apply;
    private final String clientId;
    private volatile TopicReplay<T> replay;

    /**
     * Creates nothing yet: the consumer is made by {@link #start}.
     *
     * @param kafka the Kafka cluster and how to authenticate
     * @param topic the topic to replay
     * @param type its message type
     * @param apply what applies each message to the view (on the replay's own thread)
     * @param clientId the Kafka client id
     */
    public ReplayedTopic(KafkaConnection kafka, String topic, Class<T> type, Consumer<T> apply, String clientId) {
        this.kafka = kafka;
        this.topic = topic;
        this.type = type;
        this.apply = apply;
        this.clientId = clientId;
    }

    /**
     * Starts replaying, has {@code health} watch the replay as {@code "replay <topic>"}, and waits at most
     * {@code wait} for it to catch up (it goes on in the background if it has not).
     *
     * @return whether it caught up in time
     * @throws IllegalStateException when already started
     */
    public boolean start(BackgroundHealth health, Duration wait) throws InterruptedException {
        start(health);
        boolean caughtUp = replay.awaitCaughtUp(wait);
        if (!caughtUp) {
            LOG.warnf("the replay of %s has not caught up after %s; it goes on in the background, not ready until it has", topic, wait);
        }
        return caughtUp;
    }

    /**
     * Starts replaying and has {@code health} watch the replay as {@code "replay <topic>"}, without waiting.
     *
     * @return completes once the replay has caught up; fails with {@link ReplayStoppedException} when it
     *     stops for good before
     * @throws IllegalStateException when already started
     */
    public CompletableFuture<Void> start(BackgroundHealth health) {
        TopicReplay<T> started;
        synchronized (this) {
            if (replay != null) {
                throw new IllegalStateException("the replay of " + topic + " has already started");
            }
            started = new TopicReplay<>(kafka, topic, type, apply, clientId);
            health.watch("replay " + topic, started::failure);
            replay = started;
        }
        started.start();
        return started.whenCaughtUp();
    }

    /** @return whether the replay has caught up and still runs (a stopped replay leaves its view stale) */
    public boolean isReady() {
        TopicReplay<T> current = replay;
        return current != null && current.isCaughtUp() && current.failure().isEmpty();
    }

    /** @return whether it caught up within the time (false when not started) */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        TopicReplay<T> current = replay;
        return current != null && current.awaitCaughtUp(timeout);
    }

    /**
     * Waits (at most {@code max}) until every record on the topic now has been applied.
     *
     * @return whether it got there in time (false when not started)
     * @see TopicReplay#catchUp(Duration)
     */
    public boolean catchUp(Duration max) {
        TopicReplay<T> current = replay;
        return current != null && current.catchUp(max);
    }

    /** @return what stopped the replay for good, or empty while it replays (or before it started) */
    public Optional<String> failure() {
        TopicReplay<T> current = replay;
        return current == null ? Optional.empty() : current.failure();
    }

    /** @return the replayed topic */
    public String topic() {
        return topic;
    }

    /**
     * @param name the check's name
     * @return UP when {@link #isReady()}, else DOWN, with what stopped the replay when it stopped
     */
    public HealthCheckResponse readiness(String name) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(isReady());
        failure().ifPresent(reason -> response.withData("stopped", reason));
        return response.build();
    }

    /** Stops the replay, if it was started. */
    @Override
    public void close() throws InterruptedException {
        TopicReplay<T> current = replay;
        if (current != null) {
            current.close();
        }
    }
}
