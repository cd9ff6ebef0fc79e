package dev.baton.trainer;

import static org.junit.jupiter.api.Assertions.fail;

import dev.baton.contracts.json.JsonMessageSerializer;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ImageSplit;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.contracts.topics.TopicSpec;
import dev.baton.contracts.topics.Topics;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.trainer.config.WorkerConfig;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.weights.BackboneWeightImporter;
import dev.baton.transfer.weights.BaseModelManifest;
import dev.baton.transfer.weights.ParameterMismatchException;
import dev.baton.transfer.weights.SafetensorsFile;
import dev.baton.transfer.weights.WeightSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Unique topics, a share group, tiny datasets and an event reader on the real local services. */
final class TrainerTestKit implements AutoCloseable {
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String requests = "test.trainer.requests." + suffix;
    final String group = "test-trainers-" + suffix;
    final String events = "test.trainer.events." + suffix;
    final String cancels = "test.trainer.cancels." + suffix;
    final String published = "test.trainer.published." + suffix;
    final String deadLetters = "test.trainer.dead." + suffix;
    final String versions = "test.trainer.versions." + suffix;
    final String bootstrap;
    final ObjectStore store;
    private final KafkaProducer<String, byte[]> producer;

    TrainerTestKit() throws ExecutionException, InterruptedException {
        this(prop("kafka.bootstrap.servers"));
    }

    /** @param bootstrap the broker to use (the shared one, or a test's own) */
    TrainerTestKit(String bootstrap) throws ExecutionException, InterruptedException {
        this.bootstrap = bootstrap;
        store = ObjectStore.connect(new ObjectStoreConfig(prop("baton.s3.endpoint"), prop("baton.s3.access-key"),
                prop("baton.s3.secret-key"), "us-east-1"));
        ObjectKeys.ALL_BUCKETS.forEach(store::ensureBucket);
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(
                    Topics.spec(Topics.TRAINING_REQUESTS).named(requests), new TopicSpec(events, 1, Map.of(), "test"),
                    new TopicSpec(cancels, 1, Map.of(), "test"), new TopicSpec(published, 1, Map.of(), "test"),
                    new TopicSpec(deadLetters, 1, Map.of(), "test")));
        }
        groupConfig("share.auto.offset.reset", "earliest");
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sets a configuration of this kit's share group (e.g. its record lock duration). */
    void groupConfig(String name, String value) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    static String prop(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException(name + " not set: the local-cluster listener did not run");
        }
        return v;
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    WorkerConfig config(String workerId, Path workDir) {
        return WorkerConfig.defaults(workerId, KafkaConnection.plaintext(bootstrap), workDir)
                .withTopics(requests, group, events, cancels, published, deadLetters, versions)
                .withRenewInterval(Duration.ofSeconds(5));
    }

    /** Uploads and seals a dataset of {@code classes} colour classes with {@code perClass} noisy 32 px images. */
    String dataset(String name, int classes, int perClass) throws IOException {
        String dataset = name + "-" + suffix;
        writeImages(dataset, Optional.empty(), classes, perClass, new Random(7));
        new AtomicPublisher(store).seal(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(dataset), Map.of());
        return dataset;
    }

    /**
     * Uploads and seals a dataset with a split, as the gateway stores a zip of {@code train/} and
     * {@code test/} folders: {@code testPerClass.length} classes, {@code testPerClass[c]} test images of class c.
     */
    String splitDataset(String name, int perClass, int... testPerClass) throws IOException {
        String dataset = name + "-" + suffix;
        Random random = new Random(7);
        writeImages(dataset, Optional.of(ImageSplit.TRAIN), testPerClass.length, perClass, random);
        for (int c = 0; c < testPerClass.length; c++) {
            writeImages(dataset, Optional.of(ImageSplit.TEST), c, c + 1, testPerClass[c], random);
        }
        new AtomicPublisher(store).seal(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(dataset), Map.of());
        return dataset;
    }

    private void writeImages(String dataset, Optional<ImageSplit> split, int classes, int perClass, Random random)
            throws IOException {
        writeImages(dataset, split, 0, classes, perClass, random);
    }

    private void writeImages(String dataset, Optional<ImageSplit> split, int fromClass, int toClass, int perClass,
            Random random) throws IOException {
        for (int c = fromClass; c < toClass; c++) {
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int base = 60 + 120 * ((c + (x / 8)) % 2);
                        int r = clamp(base + random.nextInt(40) - 20 + (c == 0 ? 60 : 0));
                        int g = clamp(base + random.nextInt(40) - 20);
                        int b = clamp(base + random.nextInt(40) - 20 + (c == 1 ? 60 : 0));
                        img.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(img, "png", out);
                String key = split.isPresent()
                        ? ObjectKeys.datasetImage(dataset, split.get(), "class" + c, i + ".png")
                        : ObjectKeys.datasetImage(dataset, "class" + c, i + ".png");
                store.put(ObjectKeys.DATA_BUCKET, key, out.toByteArray(), "image/png");
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A feature-extraction job on a pretrained MobileNetV2 base of the given registry name. */
    TrainingRequest pretrainedJob(String jobId, String model, String dataset, String base) {
        return new TrainingRequest(1, jobId + "-" + suffix, model + "-" + suffix, dataset, BaseArchitecture.MOBILENET_V2,
                base, TrainingStrategy.FEATURE_EXTRACTION, null, null, HeadType.GAP, 1, 8, 0.01, null, 32,
                1.0, false, 0.25, 42L, null, null, Instant.now());
    }

    /**
     * Registers a randomly initialised MobileNetV2 base (torchvision layout, ImageNet
     * normalisation) under a name unique to this kit, as {@code baton base import-*} would: what jobs
     * on a frozen base ({@code auto}, feature extraction) need without downloading anything.
     *
     * @param name the base's name before the kit's suffix
     * @param work a folder for the base's files
     * @return the registered name
     */
    String registerRandomBase(String name, Path work) throws IOException, ParameterMismatchException {
        String registered = name + "-" + suffix;
        Path folder = Files.createDirectories(work.resolve("base-" + registered));
        WeightSet weights;
        int channels;
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneFactory.create("mobilenet_v2", BackboneConfig.torch(1.0, 32));
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            weights = BackboneWeightImporter.export(backbone.parameters());
            channels = backbone.outputChannels();
        }
        String file = "mobilenet_v2-random.safetensors";
        String sha = SafetensorsFile.write(folder.resolve(file), weights, Map.of("format", "pt"));
        new BaseModelManifest(BaseModelManifest.FORMAT_VERSION, "mobilenet_v2",
                new BaseModelManifest.Architecture("mobilenet_v2", "torchvision", 1.0, 32, "NCHW", channels, 1e-5,
                        PaddingMode.TORCH.name()),
                new BaseModelManifest.NormalizationSpec("UNIT", "RGB", List.of(0.485, 0.456, 0.406),
                        List.of(0.229, 0.224, 0.225)),
                "x/255, then ImageNet mean and std", new BaseModelManifest.Source("random initialisation (tests)",
                        "none", "0", Map.of()), "Apache-2.0", "random weights for tests",
                new BaseModelManifest.WeightsFile(file, "safetensors", sha, weights.size(), weights.elementCount()))
                .write(folder.resolve(BaseModelManifest.FILE));
        new BaseModelRegistry(store).register(registered, folder);
        return registered;
    }

    /** An {@code auto} job (MobileNetV2 at 32 px) on a registered base, with its most epochs and budget in minutes. */
    TrainingRequest autoJob(String jobId, String model, String dataset, String base, int maxEpochs, int budgetMinutes) {
        return new TrainingRequest(1, jobId + "-" + suffix, model + "-" + suffix, dataset, BaseArchitecture.MOBILENET_V2,
                base, TrainingStrategy.AUTO, null, null, HeadType.GAP, maxEpochs, 8, 0.01, null, 32, 1.0, false, 0.25, 42L,
                null, budgetMinutes, Instant.now());
    }

    /** A one-epoch random-init MobileNetV2 job of the given input size, batch size and width. */
    TrainingRequest sizedJob(String jobId, String model, String dataset, int imageSize, int batchSize, double width) {
        return new TrainingRequest(1, jobId + "-" + suffix, model + "-" + suffix, dataset, BaseArchitecture.MOBILENET_V2,
                TrainingRequest.RANDOM_INIT, TrainingStrategy.FULL, null, null, HeadType.GAP, 1, batchSize, 0.001, null,
                imageSize, width, false, 0.25, 42L, null, null, Instant.now());
    }

    /** A tiny job: random-init MobileNetV2 ×0.25 at 32 px, full training. */
    TrainingRequest job(String jobId, String model, String dataset, int epochs) {
        return new TrainingRequest(1, jobId + "-" + suffix, model + "-" + suffix, dataset, BaseArchitecture.MOBILENET_V2,
                TrainingRequest.RANDOM_INIT, TrainingStrategy.FULL, null, null, HeadType.GAP, epochs, 8, 0.001, null, 32,
                0.25, false, 0.25, 42L, null, null, Instant.now());
    }

    void submit(TrainingRequest request) {
        send(requests, request.jobId(), MessageCodec.instance().encode(request));
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    void send(String topic, String key, BatonMessage message) {
        send(topic, key, new JsonMessageSerializer().serialize(topic, message));
    }

    /** Reads a topic from the start; {@link #await} returns once a condition holds over everything read. */
    final class TopicReader<T extends BatonMessage> implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Class<T> type;
        final List<T> seen = new ArrayList<>();

        TopicReader(String topic, Class<T> type) {
            this.type = type;
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        /** Reads until {@code done} holds for what was read; fails after the deadline. */
        List<T> await(Predicate<List<T>> done, Duration deadline, String what) {
            long end = System.nanoTime() + deadline.toNanos();
            while (!done.test(seen)) {
                if (System.nanoTime() > end) {
                    fail("timed out waiting for " + what + "; read: " + seen);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(MessageCodec.instance().decode(r.value(), type));
                }
            }
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    TopicReader<TrainingEvent> events() {
        return new TopicReader<>(events, TrainingEvent.class);
    }

    static List<TrainingEvent> of(List<TrainingEvent> all, String jobId) {
        return all.stream().filter(e -> e.jobId().equals(jobId)).toList();
    }

    static Predicate<List<TrainingEvent>> terminal(String jobId) {
        return all -> all.stream().anyMatch(e -> e.jobId().equals(jobId) && e.type().isTerminal());
    }

    @Override
    public void close() {
        producer.close();
    }
}
