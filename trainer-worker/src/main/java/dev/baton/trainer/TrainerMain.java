package dev.baton.trainer;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.trainer.config.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a trainer as a plain Java process (no Quarkus), configured by system properties: used by
 * the crash tests, which kill it with SIGKILL. Properties: {@code kafka.bootstrap.servers} (and any other Kafka
 * connection property under {@code kafka.}, e.g. {@code kafka.security.protocol}),
 * {@code baton.s3.endpoint}, {@code baton.s3.access-key}, {@code baton.s3.secret-key},
 * {@code trainer.id}, {@code trainer.work-dir}, and the topics {@code trainer.topic.requests},
 * {@code .group}, {@code .events}, {@code .cancels}, {@code .published}, {@code .dead-letters},
 * {@code .versions}; {@code trainer.renew-interval-ms}.
 */
public final class TrainerMain {
    private static final String KAFKA_PREFIX = "kafka.";

    private TrainerMain() {
    }

    /** @param args ignored */
    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config = fromSystemProperties();
        ObjectStore store = ObjectStore.connect(new ObjectStoreConfig(System.getProperty("baton.s3.endpoint"),
                System.getProperty("baton.s3.access-key"), System.getProperty("baton.s3.secret-key"), "us-east-1"));
        Trainer trainer = Trainer.start(config, store, new SimpleMeterRegistry());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            trainer.close(); // stops taking jobs, stops the running one between batches and releases it
            System.out.println("TRAINER STOPPED " + config.workerId()); // JUL's handlers are gone by now
        }));
        System.out.println("TRAINER READY " + config.workerId());
        Thread.currentThread().join();
    }

    private static KafkaConnection kafkaConnection() {
        Map<String, String> kafka = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(KAFKA_PREFIX))
                .forEach(name -> kafka.put(name.substring(KAFKA_PREFIX.length()), System.getProperty(name)));
        return KafkaConnection.of(kafka);
    }

    static WorkerConfig fromSystemProperties() {
        WorkerConfig base = WorkerConfig.defaults(System.getProperty("trainer.id"),
                kafkaConnection(), Path.of(System.getProperty("trainer.work-dir")));
        String t = "trainer.topic.";
        return base.withTopics(System.getProperty(t + "requests"), System.getProperty(t + "group"),
                System.getProperty(t + "events"), System.getProperty(t + "cancels"), System.getProperty(t + "published"),
                System.getProperty(t + "dead-letters"), System.getProperty(t + "versions"))
                .withRenewInterval(Duration.ofMillis(Long.getLong("trainer.renew-interval-ms", 10_000)));
    }
}
