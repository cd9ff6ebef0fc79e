package dev.baton.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.baton.transfer.data.FashionMnistConverter;
import dev.baton.transfer.data.ImageFolderDataset;
import dev.baton.transfer.data.ImageFolderIndex;
import dev.baton.transfer.data.ImageFolderScanner;
import dev.baton.transfer.data.ImageLoader;
import dev.baton.transfer.data.ImagePreprocessor;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.FreezableBlock;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.train.MomentumSgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two measurements on a real Fashion-MNIST subset (Debian dataset-fashion-mnist), Baton side only:
 * <ol>
 *   <li>data pipeline: records/s of {@link ImageFolderDataset} without cache (decode every fetch)
 *       vs with the in-memory {@link ImageLoader} cache (decode once), two passes each;</li>
 *   <li>a 10-epoch FEATURE_EXTRACTION job run naively (frozen backbone forward every epoch) vs one
 *       forward pass of the base over the dataset followed by 10 head-only epochs on the cached
 *       feature maps (no augmentation, so both see the same inputs).</li>
 * </ol>
 * Prints a Markdown report. Not a test.
 */
public final class FeatureCacheBench {
    private FeatureCacheBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        String modelName = a.get("model", "mobilenet_v2");
        int size = a.getInt("size", 96);
        int perClass = a.getInt("perClass", 20);
        int epochs = a.getInt("epochs", 10);
        int batch = a.getInt("batch", 16);
        int seed = a.getInt("seed", 42);
        Path dir = Path.of(a.get("dir", "bench/target/fmnist"));

        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR).convert(dir, perClass, 0, seed);
        ImageFolderIndex index = new ImageFolderScanner().scan(dir.resolve("train"));
        ImagePreprocessor pre = new ImagePreprocessor(size, Normalization.IMAGENET);
        System.out.printf("Dataset: Fashion-MNIST train subset, %d images (%d per class), %d px, model %s, batch %d%n%n",
                index.size(), perClass, size, modelName, batch);

        // 1. Data pipeline: decode each time vs cached (after one untimed warm-up pass for the JIT).
        ImageFolderDataset warm = ImageFolderDataset.builder().setIndex(index).setPreprocessor(pre)
                .optLoader(new ImageLoader(2 * size, 0)).setSampling(batch, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < warm.size(); i++) {
                try (NDManager sub = m.newSubManager()) {
                    warm.get(sub, i);
                }
            }
        }
        System.out.println("| loader | pass 1 records/s | pass 2 records/s | decodes |");
        System.out.println("|---|---|---|---|");
        for (long cacheBytes : new long[] {0, ImageLoader.DEFAULT_CACHE_BYTES}) {
            ImageFolderDataset ds = ImageFolderDataset.builder().setIndex(index).setPreprocessor(pre)
                    .optLoader(new ImageLoader(2 * size, cacheBytes)).setSampling(batch, false).build();
            double[] rates = new double[2];
            try (NDManager m = NDManager.newBaseManager()) {
                for (int pass = 0; pass < 2; pass++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < ds.size(); i++) {
                        try (NDManager sub = m.newSubManager()) {
                            ds.get(sub, i);
                        }
                    }
                    rates[pass] = ds.size() / ((System.nanoTime() - t0) / 1e9);
                }
            }
            System.out.printf("| %s | %.0f | %.0f | %d |%n", cacheBytes == 0 ? "no cache" : "cache",
                    rates[0], rates[1], ds.loader().decodeCount());
        }
        System.out.println();

        // 2. FE job: naive vs one base forward pass + head epochs on cached features.
        Engine engine = Engine.getInstance();
        ImageFolderDataset ds = ImageFolderDataset.builder().setIndex(index).setPreprocessor(pre)
                .setSampling(batch, false).build();
        double naive = timeNaive(engine, ds, modelName, size, index.numClasses(), epochs, seed);
        double[] cached = timeCached(engine, ds, modelName, size, index.numClasses(), epochs, seed, false);
        double[] pooled = timeCached(engine, ds, modelName, size, index.numClasses(), epochs, seed, true);
        System.out.println("| FEATURE_EXTRACTION, " + epochs + " epochs | seconds |");
        System.out.println("|---|---|");
        System.out.printf("| naive: frozen base forward + head step, every epoch | %.2f |%n", naive);
        System.out.printf("| one forward pass of the base over the dataset | %.2f |%n", cached[0]);
        System.out.printf("| %d head-only epochs on cached feature maps | %.2f |%n", epochs, cached[1]);
        System.out.printf("| cached total (forward + head epochs) | %.2f |%n", cached[0] + cached[1]);
        System.out.printf("| naive / cached | %.2fx |%n", naive / (cached[0] + cached[1]));
        System.out.printf("| pooled cache (GAP head): one forward pass + pooling | %.2f |%n", pooled[0]);
        System.out.printf("| pooled cache: %d head-only epochs on pooled features | %.2f |%n", epochs, pooled[1]);
        System.out.printf("| pooled total / one forward pass | %.3fx |%n", (pooled[0] + pooled[1]) / pooled[0]);
        System.out.printf("%n| cache | values per image | cache MiB |%n|---|---|---|%n");
        System.out.printf("| feature maps | %d | %.2f |%n", (long) cached[2], cached[3]);
        System.out.printf("| pooled features | %d | %.2f |%n", (long) pooled[2], pooled[3]);
        System.out.printf("%npeak RSS (VmHWM) %.1f MiB%n", BenchArgs.vmHwmMb());
    }

    private static TransferModel model(Engine engine, String name, int size, int classes, int seed) {
        engine.setRandomSeed(seed);
        Backbone backbone = BackboneFactory.create(name, BackboneConfig.torch(1.0, size));
        TransferModel model = TransferModel.create(backbone, HeadFactory.create(HeadSpec.gap(0.2f), classes),
                Device.cpu());
        for (Parameter p : model.head().parameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
        backbone.freezeFirst(backbone.blocks().size());
        return model;
    }

    private static Map<String, Parameter> headParams(TransferModel model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        model.head().parameters().forEach((k, v) -> {
            if (FreezableBlock.isTrainable(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static double timeNaive(Engine engine, ImageFolderDataset ds, String name, int size, int classes,
            int epochs, int seed) throws Exception {
        try (TransferModel model = model(engine, name, size, classes, seed);
                NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            MomentumSgd sgd = new MomentumSgd(m, 0.01f, 0.9f);
            Map<String, Parameter> params = headParams(model);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            long t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                for (Batch b : ds.getData(m)) {
                    try (b; GradientCollector gc = engine.newGradientCollector()) {
                        NDList out = model.block().forward(ps, b.getData(), true);
                        out.attach(b.getManager());
                        NDArray l = loss.evaluate(b.getLabels(), out);
                        gc.backward(l);
                    }
                    sgd.step(params);
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double[] timeCached(Engine engine, ImageFolderDataset ds, String name, int size, int classes,
            int epochs, int seed, boolean pool) throws Exception {
        try (TransferModel model = model(engine, name, size, classes, seed);
                NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            long values = 0;
            long images = 0;
            List<NDList> features = new ArrayList<>();
            List<NDList> labels = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Batch b : ds.getData(m)) {
                try (b) {
                    NDList f = model.backbone().block().forward(ps, b.getData(), false);
                    if (pool) { // as the trainer's FeatureCache does for GAP/SVM heads
                        ai.djl.ndarray.types.Shape s = f.head().getShape();
                        f = new NDList(ai.djl.nn.pooling.Pool.globalAvgPool2d(f.head()).reshape(s.get(0), s.get(1), 1, 1));
                    }
                    f.attach(m);
                    values += f.head().size();
                    images += f.head().getShape().get(0);
                    b.getLabels().attach(m);
                    features.add(f);
                    labels.add(b.getLabels());
                }
            }
            double forward = (System.nanoTime() - t0) / 1e9;
            MomentumSgd sgd = new MomentumSgd(m, 0.01f, 0.9f);
            Map<String, Parameter> params = headParams(model);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                for (int i = 0; i < features.size(); i++) {
                    try (NDManager sub = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
                        NDList out = model.head().block().forward(ps, features.get(i), true);
                        out.attach(sub);
                        NDArray l = loss.evaluate(labels.get(i), out);
                        l.attach(sub);
                        gc.backward(l);
                    }
                    sgd.step(params);
                }
            }
            return new double[] {forward, (System.nanoTime() - t0) / 1e9, (double) values / images,
                values * 4.0 / (1 << 20)};
        }
    }
}
