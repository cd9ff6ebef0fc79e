package dev.baton.trainer;

import static dev.baton.trainer.TrainerTestKit.of;
import static dev.baton.trainer.TrainerTestKit.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.local.LocalCluster;
import dev.baton.local.LocalClusterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away in the middle of a job and comes back: the job still finishes, every one
 * of its events arrives, exactly one model version is published, and the trainer takes the next
 * job. The test runs its own single-node broker (same distribution, own ports and data folder)
 * so that stopping it disturbs no other test; object storage is the shared S3Proxy.
 */
class BrokerRestartTest {
    private static final int EPOCHS = 20;
    private static LocalCluster ownBroker;

    @TempDir
    Path work;

    @BeforeAll
    static void startOwnBroker() throws IOException {
        Path root = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of("target", "broker-restart").toAbsolutePath();
        dev.baton.trainer.data.DatasetCache.deleteRecursively(home); // a fresh broker: new ports, new data
        LocalClusterConfig shared = LocalClusterConfig.fromEnvironment(root, System.getenv());
        ownBroker = new LocalCluster(LocalClusterConfig.fromEnvironment(root, Map.of(
                "BATON_HOME", home.toString(),
                "BATON_KAFKA_PORT", Integer.toString(freePort()),
                "BATON_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "BATON_S3_PORT", Integer.toString(shared.s3Port()))));
        ownBroker.ensureNamedRunning(List.of("kafka"));
    }

    @AfterAll
    static void stopOwnBroker() {
        if (ownBroker != null) {
            ownBroker.stop(List.of("kafka"));
        }
    }

    @Test
    void aJobOutlivesABrokerRestartAndAllItsEventsArrive() throws Exception {
        String bootstrap = ownBroker.config().kafkaBootstrap();
        try (TrainerTestKit kit = new TrainerTestKit(bootstrap); var events = kit.events();
                Trainer trainer = Trainer.start(kit.config("steady", work), kit.store, new SimpleMeterRegistry())) {
            String dataset = kit.dataset("restart", 2, 12);
            TrainingRequest job = kit.job("restart", "restart", dataset, EPOCHS);
            kit.submit(job);
            events.await(l -> of(l, job.jobId()).stream().anyMatch(e -> e.type() == TrainingEventType.EPOCH
                    && e.epoch() >= 2), Duration.ofMinutes(3), "epoch 2 before the broker stops");

            assertEquals(List.of("kafka"), ownBroker.stop(List.of("kafka")), "the test's broker stopped");
            Instant down = Instant.now();
            Thread.sleep(5_000);
            assertEquals(List.of("kafka"), ownBroker.ensureNamedRunning(List.of("kafka")), "the test's broker restarted");
            Instant up = Instant.now();

            List<TrainingEvent> mine = of(events.await(terminal(job.jobId()), Duration.ofMinutes(5), "job end"),
                    job.jobId());
            TrainingEvent end = mine.get(mine.size() - 1);
            assertEquals(TrainingEventType.SUCCEEDED, end.type(), mine.toString());
            TreeSet<Integer> everyEpoch = new TreeSet<>(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
            TreeSet<Integer> reported = new TreeSet<>(mine.stream().filter(e -> e.type() == TrainingEventType.EPOCH)
                    .map(TrainingEvent::epoch).toList());
            assertEquals(everyEpoch, reported, "an EPOCH event of every epoch arrived");
            assertTrue(mine.stream().anyMatch(e -> e.type() == TrainingEventType.EPOCH && e.at().isBefore(down)),
                    "epochs ran before the broker stopped");
            assertTrue(mine.stream().anyMatch(e -> e.type() == TrainingEventType.EPOCH && e.at().isAfter(up)),
                    "and after it came back: the job spanned the restart " + mine);
            assertEquals(1, end.modelVersion());
            assertEquals(List.of(ObjectKeys.modelVersionPrefix(job.modelName(), 1)),
                    kit.store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(job.modelName())),
                    "exactly one version published");
            try (var published = kit.new TopicReader<>(kit.published, ModelPublished.class)) {
                published.await(l -> l.stream().anyMatch(p -> p.modelName().equals(job.modelName())),
                        Duration.ofMinutes(1), "the model-published record");
            }

            TrainingRequest next = kit.job("after-restart", "restart", dataset, 1);
            kit.submit(next);
            List<TrainingEvent> nextEvents = of(events.await(terminal(next.jobId()), Duration.ofMinutes(3),
                    "the next job"), next.jobId());
            assertEquals(TrainingEventType.SUCCEEDED, nextEvents.get(nextEvents.size() - 1).type(),
                    "the trainer takes the next job: " + nextEvents);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
