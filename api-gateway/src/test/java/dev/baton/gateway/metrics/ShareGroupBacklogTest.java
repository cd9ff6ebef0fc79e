package dev.baton.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.service.kafka.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The training-queue depth on the real broker: jobs sent before any trainer joined all count, a
 * finished (acknowledged) job stops counting, a job a trainer holds still counts until it ends; and
 * the head of the queue, whose timestamp gives the oldest unfinished job's age, never moves past an
 * unfinished job, and there is none once every job is finished.
 */
class ShareGroupBacklogTest {
    private final String bootstrap = System.getProperty("kafka.bootstrap.servers");
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "test.backlog." + suffix;
    private final String group = "test-backlog-" + suffix;

    @Test
    void countsWaitingAndHeldJobsButNotFinishedOnes() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET)))).all().get();
            ShareGroupBacklog backlog = new ShareGroupBacklog(admin, topic, group, 10_000);
            assertEquals(0, backlog.read().records(), "an empty queue");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, "job" + i, "{}")).get();
                }
            }
            assertEquals(5, backlog.read().records(), "no trainer has ever joined: every job waits");

            try (KafkaShareConsumer<String, String> trainer = new KafkaShareConsumer<>(Map.of(
                    "bootstrap.servers", bootstrap, "group.id", group, "share.acknowledgement.mode", "explicit",
                    "share.acquire.mode", "record_limit", "max.poll.records", 1),
                    new StringDeserializer(), new StringDeserializer())) {
                trainer.subscribe(List.of(topic));
                for (int i = 0; i < 2; i++) {
                    trainer.acknowledge(next(trainer), AcknowledgeType.ACCEPT);
                    trainer.commitSync();
                }
                assertEquals(3, backlog.read().records(), "two jobs finished");

                ConsumerRecord<String, String> held = next(trainer);
                assertEquals(3, backlog.read().records(), "a job a trainer holds counts until it is acknowledged");
                trainer.acknowledge(held, AcknowledgeType.ACCEPT);
                trainer.commitSync();
                assertEquals(2, backlog.read().records(), "and stops counting when it is");
            }
        }
    }

    @Test
    void theHeadIsTheOldestUnfinishedJobUntilItIsFinished() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                QueueHead head = new QueueHead(KafkaConnection.plaintext(bootstrap), Duration.ofSeconds(10))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET)))).all().get();
            ShareGroupBacklog backlog = new ShareGroupBacklog(admin, topic, group, 10_000);
            assertEquals(Map.of(), backlog.read().heads(), "an empty queue has no head");
            assertEquals(Optional.empty(), head.oldest(backlog.read().heads()));
            // Ten minutes ago (not older: the broker's retention would delete the records), a minute apart.
            Instant queued = Instant.ofEpochMilli(System.currentTimeMillis() - 600_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, queued.plusSeconds(60L * i).toEpochMilli(),
                            "job" + i, "{}")).get();
                }
            }
            assertEquals(Optional.of(queued), head.oldest(backlog.read().heads()), "no trainer yet: the first job");
            assertEquals(3, backlog.read().records());

            try (KafkaShareConsumer<String, String> trainer = new KafkaShareConsumer<>(Map.of(
                    "bootstrap.servers", bootstrap, "group.id", group, "share.acknowledgement.mode", "explicit",
                    "share.acquire.mode", "record_limit", "max.poll.records", 1),
                    new StringDeserializer(), new StringDeserializer())) {
                trainer.subscribe(List.of(topic));
                ConsumerRecord<String, String> first = next(trainer);
                assertEquals(Optional.of(queued), head.oldest(backlog.read().heads()),
                        "a job a trainer holds is still the oldest unfinished one");
                trainer.acknowledge(first, AcknowledgeType.ACCEPT);
                trainer.commitSync();
                // The broker's start offset may trail a finished job (it moves when the share partition's
                // state is written), so the head never names a job younger than the oldest unfinished one.
                Optional<Instant> oldest = head.oldest(backlog.read().heads());
                assertTrue(oldest.equals(Optional.of(queued)) || oldest.equals(Optional.of(queued.plusSeconds(60))),
                        "the first or the second job: " + oldest);
                for (int i = 1; i < 3; i++) {
                    trainer.acknowledge(next(trainer), AcknowledgeType.ACCEPT);
                    trainer.commitSync();
                }
                assertEquals(Map.of(), backlog.read().heads(), "every job finished: no head, the age is 0");
            }
        }
    }

    @Test
    void anUnreachableBrokerIsATypedError() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:1", "request.timeout.ms", 500,
                "default.api.timeout.ms", 1000))) {
            var e = assertThrows(ShareGroupBacklog.BacklogUnavailableException.class,
                    () -> new ShareGroupBacklog(admin, topic, group, 1000).read());
            assertTrue(e.getMessage().contains(topic), e.getMessage());
        }
    }

    /** Polls until the consumer acquires one record (one per poll: record_limit, max.poll.records 1). */
    private static ConsumerRecord<String, String> next(KafkaShareConsumer<String, String> consumer) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                return r;
            }
        }
        throw new AssertionError("no record acquired in 60 s");
    }
}
