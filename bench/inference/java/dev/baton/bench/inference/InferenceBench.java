package dev.baton.bench.inference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.LoadedModel;
import dev.baton.inference.model.ModelVersion;
import dev.baton.inference.serving.DynamicBatcher;
import dev.baton.inference.serving.PendingInference;
import dev.baton.transfer.bundle.BundleWriter;
import dev.baton.transfer.bundle.ClassScore;
import dev.baton.transfer.bundle.ModelBundle;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.device.DevicePreference;
import dev.baton.transfer.device.DeviceSelector;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Serving benchmark of the inference worker's batching path (not a test): a real bundle
 * (MobileNetV2, random init, seeded) loaded as the worker loads it, requests submitted to the
 * worker's {@link DynamicBatcher} at fixed Poisson rates (seeded) or saturating it, latency from
 * submission to result. The limit is the raw engine's batched predict throughput on the same
 * model ({@code BundlePredictor.predict} in a loop at batch 32, no batcher). Kafka and image
 * decoding are outside the measurement (they run on other threads in the worker).
 *
 * <p>Arguments (key=value): width=1.0 size=96 batches=1,2,4,8,16,32 loads=0.1,0.5,0.9 seconds=6
 * maxDelayMs=5 seed=42 dispatch=idle,wait lanes=1. {@code lanes} is the number of serving lanes (the
 * batcher's worker threads, {@code baton.inference.batch.workers}), each running its own batches
 * with the process's intra-op thread count ({@code -Dai.djl.pytorch.num_threads}); the raw engine
 * limit is then measured with as many threads calling predict at once. {@code dispatch} lists the batcher modes to compare side
 * by side, each row of one mode right after the same row of the other: {@code idle} runs a partial
 * batch at once when nothing else is queued ({@code batch.dispatch-when-idle=true}, the default),
 * {@code wait} always lets the first request of a batch wait the max delay (the former behaviour).
 */
public final class InferenceBench {

    private InferenceBench() {
    }

    public static void main(String[] args) throws Exception {
        // every measurement runs off the launcher's main thread, as the worker's batcher does:
        // on this machine PyTorch ran ~30x slower on the main thread than on threads we create
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
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        double width = Double.parseDouble(a.getOrDefault("width", "1.0"));
        int size = Integer.parseInt(a.getOrDefault("size", "96"));
        int[] batches = Arrays.stream(a.getOrDefault("batches", "1,2,4,8,16,32").split(",")).mapToInt(Integer::parseInt).toArray();
        double[] loads = Arrays.stream(a.getOrDefault("loads", "0.1,0.5,0.9").split(",")).mapToDouble(Double::parseDouble).toArray();
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "6"));
        long maxDelayMs = Long.parseLong(a.getOrDefault("maxDelayMs", "5"));
        int seed = Integer.parseInt(a.getOrDefault("seed", "42"));
        String[] modes = a.getOrDefault("dispatch", "idle,wait").split(",");
        int lanes = Integer.parseInt(a.getOrDefault("lanes", "1"));
        String config = lanes + " x " + System.getProperty("ai.djl.pytorch.num_threads", "default");

        Path dir = Files.createTempDirectory("inference-bench");
        LoadedModel model = new LoadedModel(new ModelVersion("bench", 1),
                ModelBundle.load(writeBundle(dir.resolve("bundle"), width, size, seed)), () -> { });
        List<float[]> inputs = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < 64; i++) {
            BufferedImage image = new BufferedImage(size + 16, size + 8, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, random.nextInt(0xFFFFFF));
                }
            }
            inputs.add(model.preprocess(image));
        }

        // warm-up: JIT and the engine's per-shape setup, every batch size
        long warmEnd = System.nanoTime() + 8_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (int b : batches) {
                model.predict(inputs.subList(0, b), 5);
            }
        }
        // the raw engine at every batch size (no batcher); the limit is the best of them
        double[] raw = new double[65];
        double[] modelMs = new double[65];
        // batch 1 always: its time per batch is the "model time" the latency columns compare with
        int[] rawBatches = IntStream.concat(IntStream.of(1), Arrays.stream(batches))
                .distinct().toArray();
        for (int b : rawBatches) {
            double[] r = rawOnLanes(model, inputs.subList(0, b), Math.min(seconds, 3), lanes);
            modelMs[b] = r[0];
            raw[b] = r[1];
            System.out.printf(Locale.ROOT, "raw engine batch %2d on %d lane(s): %.2f ms per batch, %.1f images/s%n",
                    b, lanes, r[0], r[1]);
        }
        double limit = Arrays.stream(raw).max().orElseThrow();
        System.out.printf(Locale.ROOT, "limit (best raw batched throughput): %.1f images/s%n%n", limit);

        System.out.println("| lanes x threads | max batch | dispatch | offered load | offered req/s | requests | throughput req/s | x limit | raw engine at this batch, img/s | x raw | p50 ms | p99 ms | p99 - model ms | queue p50 ms | queue p99 ms | compute p50 ms | compute p99 ms | added p99 ms | mean batch | model ms at b=1 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int b : batches) {
            for (double load : loads) {
                for (String mode : modes) {
                    run(model, inputs, b, maxDelayMs, mode, load, limit * load, Math.max(seconds, 60 / (limit * load)),
                            seed, limit, raw[b], modelMs[1], lanes, config);
                }
            }
            // the raw engine at this batch size measured right before the saturated run, so that
            // both see the same machine (other processes share these cores)
            double rawNow = rawOnLanes(model, inputs.subList(0, b), seconds, lanes)[1];
            for (String mode : modes) {
                run(model, inputs, b, maxDelayMs, mode, -1, 0, seconds, seed, limit, rawNow, modelMs[1], lanes, config);
            }
        }
        int last = batches[batches.length - 1];
        System.out.printf(Locale.ROOT, "%nraw engine batch %d re-measured at the end: %.1f images/s%n",
                last, rawOnLanes(model, inputs.subList(0, last), Math.min(seconds, 3), lanes)[1]);
        model.retire();
    }

    /**
     * Runs the raw engine on {@code lanes} fresh threads at once, like the batcher's workers.
     *
     * @return mean milliseconds per batch on one lane, and images per second of all lanes together
     */
    private static double[] rawOnLanes(LoadedModel model, List<float[]> batch, double seconds, int lanes)
            throws InterruptedException {
        double[] perBatch = new double[lanes];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            int lane = i;
            Thread t = new Thread(() -> perBatch[lane] = rawMillis(model, batch, seconds), "raw-engine-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double ms = Arrays.stream(perBatch).average().orElseThrow();
        return new double[] {ms, lanes * batch.size() * 1000.0 / ms};
    }

    private static double rawMillis(LoadedModel model, List<float[]> batch, double seconds) {
        int n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < (long) (seconds * 1e9) || n < 5) {
            model.predict(batch, 5);
            n++;
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }

    private static void run(LoadedModel model, List<float[]> inputs, int maxBatch, long maxDelayMs, String mode, double load,
            double rate, double seconds, int seed, double limit, double rawHere, double modelMs1, int lanes, String config)
            throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        int capacity = 400_000;
        long[] latencies = new long[capacity];
        long[] queues = new long[capacity];
        long[] computes = new long[capacity];
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        boolean saturate = load < 0;
        Semaphore window = new Semaphore(maxBatch * 4 * lanes);
        Random random = new Random(seed);
        int submitted = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        try (DynamicBatcher batcher = new DynamicBatcher(maxBatch, Duration.ofMillis(maxDelayMs), lanes, "idle".equals(mode),
                metrics)) {
            long next = start;
            while (System.nanoTime() < end && submitted < capacity) {
                if (saturate) {
                    window.acquire();
                } else {
                    next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                int index = submitted++;
                long submittedAt = System.nanoTime();
                model.tryAcquire();
                batcher.submit(new PendingInference(model, inputs.get(index % inputs.size()), 5, submittedAt,
                        new PendingInference.Callback() {
                            @Override
                            public void predicted(LoadedModel v, List<ClassScore> top, long q, long c) {
                                long now = System.nanoTime();
                                latencies[index] = now - submittedAt;
                                queues[index] = q;
                                computes[index] = c;
                                lastDone.accumulateAndGet(now, Math::max);
                                done.incrementAndGet();
                                if (saturate) {
                                    window.release();
                                }
                            }

                            @Override
                            public void failed(LoadedModel v, Exception error) {
                                error.printStackTrace();
                                done.incrementAndGet();
                                if (saturate) {
                                    window.release();
                                }
                            }
                        }));
            }
        }
        int n = done.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double throughput = n / ((lastDone.get() - start) / 1e9);
        double p99 = sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6;
        long[] queued = Arrays.copyOf(queues, n);
        Arrays.sort(queued);
        // what serving adds to each request: its latency minus the compute time of its own batch
        long[] added = new long[n];
        long[] compute = Arrays.copyOf(computes, n);
        for (int i = 0; i < n; i++) {
            added[i] = latencies[i] - computes[i];
        }
        Arrays.sort(added);
        Arrays.sort(compute);
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %.1f | %.2f | %.1f | %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                config, maxBatch, mode, saturate ? "saturation" : String.format(Locale.ROOT, "%.0f%%", load * 100),
                saturate ? "-" : String.format(Locale.ROOT, "%.1f", rate), n, throughput, throughput / limit, rawHere,
                saturate ? String.format(Locale.ROOT, "%.2f", throughput / rawHere) : "-",
                sorted[n / 2] / 1e6, p99, p99 - modelMs1, queued[n / 2] / 1e6,
                queued[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6, compute[n / 2] / 1e6,
                compute[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6,
                added[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6, metrics.batchSizes().mean(), modelMs1);
    }

    static Path writeBundle(Path directory, double width, int size, int seed) throws Exception {
        TrainingSpec spec = TrainingSpec.builder("mobilenet_v2").widthMultiplier(width).inputSize(size)
                .strategy(TrainingStrategy.FULL).head(HeadSpec.gap(0.2f)).epochs(1).batchSize(8).seed(seed).build();
        Engine.getInstance().setRandomSeed(seed);
        List<String> classes = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        TransferModel model = TransferModel.create(BackboneFactory.create("mobilenet_v2", spec.backboneConfig()),
                HeadFactory.create(spec.head(), classes.size()), DeviceSelector.select(DevicePreference.CPU));
        model.parameters().forEach((name, p) -> {
            if (name.startsWith("head.") && p.getArray().getShape().dimension() > 1) {
                try (NDArray r = model.manager().randomNormal(0f, 1f, p.getArray().getShape(), DataType.FLOAT32)) {
                    ParameterFile.copyInto(r, p.getArray());
                }
            }
        });
        try (TrainingResult result = new TrainingResult("bench", spec, classes, "random-init", model, List.of(), null, 0, null)) {
            new BundleWriter().write(result, Normalization.IMAGENET, directory);
        }
        return directory;
    }
}
