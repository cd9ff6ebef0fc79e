package dev.baton.transfer.weights;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.data.CorruptionLimit;
import dev.baton.transfer.data.DataOptions;
import dev.baton.transfer.data.FashionMnistConverter;
import dev.baton.transfer.data.ImageLoader;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.data.TrainingData;
import dev.baton.transfer.data.TrainingDataFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.TransferTrainer;
import dev.baton.transfer.train.WeightSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer learning on real data: a Fashion-MNIST subset (Debian's dataset-fashion-mnist, 10
 * classes, 24 training and 6 validation images per class, 64 px) with the offline pretrained
 * MobileNetV2 base (nsfwjs@4.4.0, ImageNet weights up to block_10). Chance is 10 %.
 *
 * <p>Thresholds: every strategy must reach 35 % validation accuracy after 3 epochs (3.5x chance;
 * on these seeds: probe 45 %, fine-tuning 50 %, full 63 %), and the linear probe on the imported base must beat
 * the same probe on a randomly initialised base by at least 20 points: a frozen random MobileNetV2
 * in inference mode yields near-constant features, so its probe stays near chance.
 */
class FashionMnistTransferTest {
    private static Path baseManifest;
    private static Path images;

    @BeforeAll
    static void prepare(@TempDir Path tmp) throws Exception {
        Path base = Files.createDirectories(tmp.resolve("base"));
        NsfwjsMobileNetV2.exportBase(NsfwjsPackage.unpacked(), base);
        baseManifest = base.resolve(NsfwjsMobileNetV2.MANIFEST_FILE);
        FashionMnistConverter.Result fashion = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR)
                .convert(tmp.resolve("fashion"), 30, 1, 21);
        images = fashion.trainDir();
    }

    private static WeightSource imported() {
        return WeightSource.importedBase(baseManifest, NsfwjsMobileNetV2.SOURCE);
    }

    private static double validationAccuracy(TrainingStrategy strategy, FreezeBoundary boundary, float rate,
            WeightSource weights) throws Exception {
        // Fresh datasets for every run, so that no run depends on what an earlier one read.
        TrainingData data = TrainingDataFactory.prepare(images, new DataOptions(64, Normalization.SYMMETRIC, 0.2, 21,
                16, Augmentation.NONE, CorruptionLimit.DEFAULT, ImageLoader.DEFAULT_CACHE_BYTES));
        TrainingSpec.Builder spec = TrainingSpec.builder("mobilenet_v2").inputSize(64).paddingMode(PaddingMode.TF_SAME)
                .batchNormEpsilon(1e-3f).strategy(strategy).head(HeadSpec.gap(0.2f)).epochs(3).batchSize(16)
                .learningRate(rate).seed(21).threads(2);
        if (boundary != null) {
            spec.freezeBoundary(boundary);
        }
        try (TrainingResult result = new TransferTrainer(spec.build(), data.index().classNames()).weights(weights)
                .train(data.train(), data.validation())) {
            return result.finalValidation().accuracy();
        }
    }

    @Test
    void everyStrategyBeatsChanceByAWideMargin() throws Exception {
        double probe = validationAccuracy(TrainingStrategy.FEATURE_EXTRACTION, null, 0.05f, imported());
        double fineTune = validationAccuracy(TrainingStrategy.FINE_TUNE, FreezeBoundary.unfreezeLast(3), 0.01f, imported());
        double full = validationAccuracy(TrainingStrategy.FULL, null, 0.005f, imported());
        System.out.printf("validation accuracy: feature extraction %.3f, fine-tuning %.3f, full %.3f%n", probe, fineTune, full);
        assertTrue(probe > 0.35, "feature extraction: " + probe);
        assertTrue(fineTune > 0.35, "fine-tuning: " + fineTune);
        assertTrue(full > 0.35, "full training: " + full);
    }

    @Test
    void theImportedBaseBeatsARandomBaseByAWideMargin() throws Exception {
        double pretrained = validationAccuracy(TrainingStrategy.FEATURE_EXTRACTION, null, 0.05f, imported());
        double random = validationAccuracy(TrainingStrategy.FEATURE_EXTRACTION, null, 0.05f, WeightSource.randomInit());
        System.out.printf("linear probe: imported base %.3f, random base %.3f%n", pretrained, random);
        assertTrue(pretrained - random >= 0.2, "imported " + pretrained + " vs random " + random);
    }
}
