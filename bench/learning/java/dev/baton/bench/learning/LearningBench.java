package dev.baton.bench.learning;

import dev.baton.transfer.auto.AutoResult;
import dev.baton.transfer.auto.AutoSpec;
import dev.baton.transfer.auto.AutoTrainer;
import dev.baton.transfer.auto.Trial;
import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.data.CorruptionLimit;
import dev.baton.transfer.data.DataOptions;
import dev.baton.transfer.data.ImageFolderDataset;
import dev.baton.transfer.data.ImageFolderIndex;
import dev.baton.transfer.data.ImageFolderScanner;
import dev.baton.transfer.data.ImageLoader;
import dev.baton.transfer.data.ImagePreprocessor;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.data.RandomResizedCrop;
import dev.baton.transfer.data.TrainingData;
import dev.baton.transfer.data.TrainingDataFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.OptimizerKind;
import dev.baton.transfer.train.ProgressEvent;
import dev.baton.transfer.train.ScheduleKind;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.TransferTrainer;
import dev.baton.transfer.train.WeightSource;
import dev.baton.transfer.weights.NsfwjsMobileNetV2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One learning-quality measurement: an image folder with train/ and test/ splits, the offline
 * pretrained MobileNetV2 base, and either Baton's {@code auto} (no other setting) or one explicit
 * run. Prints one tab-separated line: dataset, row, settings, validation and test accuracy, wall
 * seconds. Driven by bench/learning/run.sh; never part of the tests.
 */
public final class LearningBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path data = Path.of(a.get("data"));
        Path base = Path.of(a.get("base"));
        String name = a.getOrDefault("name", data.getFileName().toString());
        int size = Integer.parseInt(a.getOrDefault("size", "96"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "32"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        String row = a.getOrDefault("row", "auto");
        // as a job with no flags: auto augments with its own augmentation, explicit strategies do not
        Augmentation augmentation = augmentation(a.getOrDefault("augment", row.equals("auto") ? "auto" : "none"));
        Normalization norm = Normalization.SYMMETRIC;
        TrainingData td = TrainingDataFactory.prepare(data.resolve("train"), new DataOptions(size, norm, 0.1, 42, batch,
                augmentation, CorruptionLimit.DEFAULT, ImageLoader.DEFAULT_CACHE_BYTES));
        ImageFolderIndex testIndex = new ImageFolderScanner(CorruptionLimit.DEFAULT, ImageFolderScanner.Verification.HEADER)
                .scan(data.resolve("test"));
        ImageFolderDataset test = ImageFolderDataset.builder().setIndex(testIndex)
                .setPreprocessor(new ImagePreprocessor(size, norm)).setSampling(batch, false).build();
        WeightSource weights = WeightSource.importedBase(base.resolve(NsfwjsMobileNetV2.MANIFEST_FILE), NsfwjsMobileNetV2.SOURCE);
        TrainingSpec.Builder template = TrainingSpec.builder("mobilenet_v2").inputSize(size)
                .paddingMode(PaddingMode.TF_SAME).batchNormEpsilon(1e-3f).batchSize(batch).seed(42).threads(threads);
        long start = System.nanoTime();
        String settings;
        double val;
        double testAcc;
        if (row.equals("auto")) {
            AutoSpec spec = new AutoSpec(template.build(), Duration.ofSeconds((long) (60 * Double.parseDouble(
                    a.getOrDefault("budget", "12")))), Integer.parseInt(a.getOrDefault("max-epochs", "30")),
                    AutoSpec.SearchSpace.defaults());
            Path work = Files.createTempDirectory("auto");
            try (AutoResult r = new AutoTrainer(spec, td.index().classNames(), work).weights(weights)
                    .cleanTrainingData(td.trainClean()).testData(test).progress(LearningBench::log)
                    .run(td.train(), td.validation())) {
                for (Trial t : r.search().trials()) {
                    System.err.printf("trial %2d %-60s val %.4f  %5.1f s%n", t.number(), t.settings(), t.valAccuracy(), t.seconds());
                }
                System.err.println("decision: " + r.search().decision().why());
                settings = r.search().decision().why().replace('\t', ' ');
                val = r.result().finalValidation().accuracy();
                testAcc = r.result().test().accuracy();
            }
        } else {
            TrainingStrategy strategy = TrainingStrategy.valueOf(a.getOrDefault("strategy", "FULL"));
            template.strategy(strategy).head(HeadSpec.defaults(HeadType.valueOf(a.getOrDefault("head", "GAP"))))
                    .epochs(Integer.parseInt(a.getOrDefault("epochs", "5")))
                    .learningRate(Float.parseFloat(a.getOrDefault("lr", "0.01")))
                    .optimizer(OptimizerKind.valueOf(a.getOrDefault("optimizer", "SGD")))
                    .weightDecay(Float.parseFloat(a.getOrDefault("wd", "0")))
                    .labelSmoothing(Float.parseFloat(a.getOrDefault("smoothing", "0")))
                    .schedule(ScheduleKind.valueOf(a.getOrDefault("schedule", "CONSTANT")))
                    .warmupEpochs(Float.parseFloat(a.getOrDefault("warmup", "0")))
                    .baseLearningRateScale(Float.parseFloat(a.getOrDefault("base-scale", "1")));
            if (a.containsKey("unfreeze")) {
                template.freezeBoundary(FreezeBoundary.unfreezeLast(Integer.parseInt(a.get("unfreeze"))));
            }
            TrainingSpec spec = template.build();
            settings = String.join(" ", args).replace('\t', ' ');
            TransferTrainer trainer = new TransferTrainer(spec, td.index().classNames()).weights(weights)
                    .cleanTrainingData(td.trainClean()).testData(test);
            if (a.containsKey("checkpoints")) {
                trainer.checkpointDirectory(Files.createTempDirectory("checkpoints"));
            }
            try (TrainingResult r = trainer.train(td.train(), td.validation())) {
                r.history().forEach(m -> System.err.printf("epoch %d val %.4f loss %.4f lr %.4g %d ms%n", m.epoch(),
                        m.valAccuracy(), m.valLoss(), m.learningRate(), m.durationMillis()));
                val = r.finalValidation().accuracy();
                testAcc = r.test().accuracy();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s\t%s\t%.4f\t%.4f\t%.0f\t%s%n", name, row, val, testAcc, seconds, settings);
    }

    /**
     * none/false, auto (auto's own, {@link AutoSpec.SearchSpace#augmentation()}), standard/true, flip (flip only),
     * light (flip and a resized crop of 64-100 % of the area).
     */
    private static Augmentation augmentation(String name) {
        return switch (name) {
            case "auto" -> AutoSpec.SearchSpace.defaults().augmentation();
            case "false", "none" -> Augmentation.NONE;
            case "true", "standard" -> Augmentation.STANDARD;
            case "flip" -> Augmentation.FLIP;
            case "light" -> new Augmentation(new RandomResizedCrop(0.64, 1.0, 0.8, 1.25), true);
            default -> throw new IllegalArgumentException("--augment none|auto|standard|flip|light, was " + name);
        };
    }

    private static void log(ProgressEvent event) {
        if (event instanceof ProgressEvent.EpochCompleted e) {
            System.err.printf("epoch %d val %.4f loss %.4f lr %.4g %d ms, %.1f img/s%n", e.metrics().epoch(),
                    e.metrics().valAccuracy(), e.metrics().valLoss(), e.metrics().learningRate(),
                    e.metrics().durationMillis(), e.metrics().imagesPerSecond());
        }
    }

}
