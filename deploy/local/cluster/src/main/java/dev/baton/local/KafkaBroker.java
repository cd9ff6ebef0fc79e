package dev.baton.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A single-node Kafka 4.x broker in KRaft mode (broker and controller in one process), run from
 * the {@code org.apache.kafka:kafka_2.13} jars that the {@code kafka-dist} module fetched.
 * Share groups (KIP-932) are on by default from Kafka 4.2; the broker needs no extra setting. With
 * {@link KafkaScram} its client listener is {@code SASL_PLAINTEXT} with SCRAM-SHA-512 and ACLs, and its own
 * readiness check logs in as the super user.
 */
final class KafkaBroker implements LocalService {
    /** The topic the readiness check writes to and reads back from. */
    static final String HEALTH_TOPIC = "baton.local.healthcheck";

    private final LocalClusterConfig config;
    private final ManagedProcess process;
    private final Optional<KafkaScram> scram;

    KafkaBroker(LocalClusterConfig config, Optional<KafkaScram> scram) {
        this.config = config;
        this.scram = scram;
        this.process = new ManagedProcess("kafka", config);
    }

    /** @return what a client with every right (the super user under SCRAM) sets beside the bootstrap servers */
    Map<String, String> superUserProperties() {
        return scram.map(s -> s.clientProperties(KafkaScram.SUPER_USER)).orElse(Map.of());
    }

    @Override
    public ManagedProcess process() {
        return process;
    }

    @Override
    public int port() {
        return config.kafkaPort();
    }

    @Override
    public String portVariable() {
        return "BATON_KAFKA_PORT";
    }

    private Path dist() {
        return config.distributions().resolve("kafka");
    }

    private Path folder() {
        return config.home().resolve("kafka");
    }

    @Override
    public ProcessHandle launch() {
        Distributions.require(dist(), "kafka_2.13-");
        if (PortProbe.isOpen(config.kafkaControllerPort())) {
            throw new LocalClusterException("port " + config.kafkaControllerPort()
                    + " (Kafka controller) is in use by another process: stop it or set BATON_KAFKA_CONTROLLER_PORT");
        }
        try {
            Path folder = folder();
            Path data = folder.resolve("data");
            Files.createDirectories(data);
            Path serverProperties = folder.resolve("server.properties");
            Files.writeString(serverProperties, serverProperties(data), StandardCharsets.UTF_8);
            Path log4j = folder.resolve("log4j2.properties");
            Files.writeString(log4j, log4jProperties(), StandardCharsets.UTF_8);
            String classpath = dist().resolve("*").toString();
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(classpath, serverProperties, folder);
            }
            return process.start(List.of(JavaLauncher.java(), process.marker(), "-Xms256m", "-Xmx768m",
                    "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath, "kafka.Kafka", serverProperties.toString()),
                    folder);
        } catch (IOException e) {
            throw new LocalClusterException("cannot start Kafka: " + e.getMessage(), e);
        }
    }

    private void format(String classpath, Path serverProperties, Path folder) throws IOException {
        Path log = config.logs().resolve("kafka-format.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(JavaLauncher.java(),
                "-Dlog4j2.configurationFile=" + folder.resolve("log4j2.properties"),
                "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString()));
        scram.ifPresent(s -> command.addAll(s.formatArguments()));
        Process format = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new LocalClusterException("formatting Kafka storage failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while formatting Kafka storage", e);
        }
    }

    private String serverProperties(Path data) {
        String host = "127.0.0.1";
        List<String> listeners = scram.map(s -> s.serverProperties(host, config.kafkaPort(), config.kafkaControllerPort()))
                .orElse(List.of(
                        "listeners=PLAINTEXT://" + host + ":" + config.kafkaPort() + ",CONTROLLER://" + host + ":"
                                + config.kafkaControllerPort(),
                        "advertised.listeners=PLAINTEXT://" + host + ":" + config.kafkaPort(),
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT"));
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + config.kafkaControllerPort(),
                "controller.listener.names=CONTROLLER"));
        lines.addAll(listeners);
        lines.addAll(List.of(
                "log.dirs=" + data,
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.check.interval.ms=60000",
                ""));
        return String.join("\n", lines);
    }

    private String log4jProperties() {
        return String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.kafka.name = kafka",
                "logger.kafka.level = warn",
                "logger.apache.name = org.apache.kafka",
                "logger.apache.level = warn",
                "logger.started.name = kafka.server.KafkaRaftServer",
                "logger.started.level = info",
                "");
    }

    @Override
    public Optional<String> checkReady(Duration timeout) {
        String bootstrap = config.kafkaBootstrap();
        Map<String, Object> common = new HashMap<>(superUserProperties());
        common.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        try (Admin admin = Admin.create(common)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (scram.isPresent()) {
                // idempotent: an ACL that exists is left as it is
                admin.createAcls(scram.get().acls().all()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!topics.contains(HEALTH_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(HEALTH_TOPIC, 1, (short) 1)
                                    .configs(Map.of("retention.ms", "600000"))))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return roundTrip(bootstrap, timeout);
        } catch (Exception e) {
            return Optional.of("Kafka at " + bootstrap + " not ready: " + e);
        }
    }

    private Optional<String> roundTrip(String bootstrap, Duration timeout) throws Exception {
        String token = UUID.randomUUID().toString();
        Properties producerProps = new Properties();
        producerProps.putAll(superUserProperties());
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(HEALTH_TOPIC, token, token))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(superUserProperties());
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(HEALTH_TOPIC, sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (token.equals(record.value())) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of("Kafka at " + bootstrap + " accepted a record but did not return it within " + timeout);
    }
}
