package dev.baton.bench.inference;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelLoader;
import dev.baton.inference.model.ModelRegistry;
import dev.baton.inference.model.ModelVersion;
import dev.baton.inference.model.ServingPolicy;
import dev.baton.inference.serving.DynamicBatcher;
import dev.baton.inference.serving.ImageSource;
import dev.baton.inference.serving.RequestConsumer;
import dev.baton.inference.serving.RequestHandler;
import dev.baton.inference.serving.ResultPublisher;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.transfer.device.DevicePreference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The worker's whole request path at low load (not a test): a request record produced to Kafka
 * until its result record is consumed, through the worker's own RequestConsumer, RequestHandler
 * (PNG decode, resize), DynamicBatcher and ResultPublisher, on the local broker and S3Proxy (the
 * bundle is published there and loaded as the worker loads it). Two configurations side by side,
 * alternating: {@code before} (batcher always waits its max delay, results linger.ms=1: the former
 * settings) and {@code after} (dispatch when idle, linger.ms=0: the defaults now).
 *
 * <p>Arguments (key=value): width=1.0 size=96 rate=5 seconds=20 rounds=2 maxDelayMs=5 seed=42.
 */
public final class KafkaPathBench {

    private static volatile double lastModelMs = Double.NaN;

    private KafkaPathBench() {
    }

    public static void main(String[] args) throws Exception {
        Exception[] failure = new Exception[1];
        Thread bench = new Thread(() -> {
            try {
                measure(args);
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "bench");
        bench.start();
        bench.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void measure(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        double width = Double.parseDouble(a.getOrDefault("width", "1.0"));
        int size = Integer.parseInt(a.getOrDefault("size", "96"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "5"));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "20"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "2"));
        long maxDelayMs = Long.parseLong(a.getOrDefault("maxDelayMs", "5"));
        int seed = Integer.parseInt(a.getOrDefault("seed", "42"));
        String bootstrap = a.getOrDefault("bootstrap", "127.0.0.1:39092");
        ObjectStore store = ObjectStore.connect(new ObjectStoreConfig(a.getOrDefault("s3", "http://127.0.0.1:39000"),
                a.getOrDefault("s3AccessKey", "baton"), a.getOrDefault("s3SecretKey", "baton-local-secret"), "us-east-1"));

        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String model = run + "-m";
        Path dir = Files.createTempDirectory("kafka-path-bench");
        store.ensureBucket(ObjectKeys.MODELS_BUCKET);
        new AtomicPublisher(store).publishFolder(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, 1),
                InferenceBench.writeBundle(dir.resolve("bundle"), width, size, seed), Map.of("version", "1"));
        ModelCatalog catalog = new ModelCatalog();
        catalog.add(new ModelPublished(BatonMessage.CURRENT_SCHEMA_VERSION, model, 1, ObjectKeys.modelVersion(model, 1),
                "bench", null, null, null, Map.of(), Instant.now()));
        byte[] image = png(size, seed);

        Map<String, List<Double>> latencies = new HashMap<>();
        System.out.println("| config | round | requests | p50 ms | p90 ms | p99 ms | max ms | mean model ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int round = 1; round <= rounds; round++) {
                for (String config : List.of("before", "after")) {
                    String prefix = run + "-" + config + round;
                    admin.createTopics(List.of(new NewTopic(prefix + ".requests", 1, (short) 1),
                            new NewTopic(prefix + ".results", 1, (short) 1))).all().get();
                    try {
                        List<Double> one = once(bootstrap, store, catalog, prefix, model, image, dir.resolve(prefix),
                                "after".equals(config), maxDelayMs, rate, seconds, seed + round);
                        latencies.computeIfAbsent(config, k -> new ArrayList<>()).addAll(one);
                        print(config, Integer.toString(round), one, lastModelMs);
                    } finally {
                        admin.deleteTopics(List.of(prefix + ".requests", prefix + ".results")).all().get();
                    }
                }
            }
        }
        for (String config : List.of("before", "after")) {
            print(config, "all", latencies.get(config), Double.NaN);
        }
        double[] b = sorted(latencies.get("before"));
        double[] f = sorted(latencies.get("after"));
        System.out.printf(Locale.ROOT, "%nafter/before: p50 %.2f, p99 %.2f%n", pct(f, 0.5) / pct(b, 0.5),
                pct(f, 0.99) / pct(b, 0.99));
    }

    private static List<Double> once(String bootstrap, ObjectStore store, ModelCatalog catalog, String prefix,
            String model, byte[] image, Path work, boolean after, long maxDelayMs, double rate, double seconds, int seed)
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(meters);
        ModelRegistry registry = new ModelRegistry(catalog, new ModelLoader(store, DevicePreference.CPU, 2, 1, work), 2,
                metrics, f -> { });
        registry.swapIn(registry.load(new ModelVersion(model, 1)).get());
        DynamicBatcher batcher = new DynamicBatcher(32, Duration.ofMillis(maxDelayMs), 1, after, metrics);
        ResultPublisher publisher = new ResultPublisher(KafkaConnection.plaintext(bootstrap), prefix + ".results", prefix + "-results",
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(after ? 0 : 1));
        ExecutorService preprocess = Executors.newFixedThreadPool(2);
        RequestHandler handler = new RequestHandler(registry, m -> new ServingPolicy.Latest(),
                new ImageSource(store, 4 << 20, 25_000_000L), batcher, publisher, metrics, preprocess);
        RequestConsumer consumer = new RequestConsumer(KafkaConnection.plaintext(bootstrap), prefix + ".requests", prefix, prefix + "-consumer",
                handler, 512, Duration.ofMillis(500), Duration.ofSeconds(30), metrics);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> out = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(prefix + ".results", 0);
            results.assign(List.of(tp));
            results.seekToBeginning(List.of(tp));
            consumer.start();
            Map<String, Double> done = new ConcurrentHashMap<>();
            Thread collector = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, byte[]> r : results.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        InferenceResult result = MessageCodec.instance().decode(r.value(), InferenceResult.class);
                        Long sent = sentAt.get(result.correlationId());
                        if (sent != null && result.error() == null) {
                            done.put(result.correlationId(), (now - sent) / 1e6);
                        }
                    }
                }
            }, "collector");
            collector.start();
            Random random = new Random(seed);
            int warmup = 20;
            long start = System.nanoTime();
            long next = start;
            int n = 0;
            List<String> measured = new ArrayList<>();
            while (System.nanoTime() - start < (long) (seconds * 1e9) || n < warmup) {
                next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String id = prefix + "-" + n;
                sentAt.put(id, System.nanoTime());
                producer.send(new ProducerRecord<>(prefix + ".requests", id, MessageCodec.instance().encode(
                        new InferenceRequest(BatonMessage.CURRENT_SCHEMA_VERSION, id, model, null, null, image, null, 3,
                                Instant.now()))));
                if (n++ >= warmup) {
                    measured.add(id);
                }
            }
            long end = System.nanoTime() + 60_000_000_000L;
            while (!done.keySet().containsAll(measured) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            collector.interrupt();
            collector.join();
            for (String id : measured) {
                Double l = done.get(id);
                if (l != null) {
                    out.add(l);
                }
            }
            lastModelMs = meters.get("baton.inference.compute").timer().mean(TimeUnit.MILLISECONDS);
            if (out.size() != measured.size()) {
                System.out.printf("%d of %d results missing%n", measured.size() - out.size(), measured.size());
            }
        } finally {
            consumer.close();
            preprocess.shutdown();
            batcher.close();
            publisher.close();
            registry.close();
        }
        return out;
    }

    private static byte[] png(int size, int seed) throws Exception {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(size + 16, size + 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    private static double[] sorted(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s;
    }

    private static double pct(double[] s, double p) {
        return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(s.length * p) - 1))];
    }

    private static void print(String config, String round, List<Double> values, double model) {
        double[] s = sorted(values);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s |%n", config, round, s.length,
                pct(s, 0.5), pct(s, 0.9), pct(s, 0.99), s[s.length - 1],
                Double.isNaN(model) ? "-" : String.format(Locale.ROOT, "%.1f", model));
    }
}
