package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Record;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path root;

    private ImageFolderIndex scan() throws Exception {
        TinyImages.dataset(root, 3, 6);
        return new ImageFolderScanner().scan(root);
    }

    private static ImageFolderDataset.Builder builder(ImageFolderIndex index, int size) {
        return ImageFolderDataset.builder().setIndex(index)
                .setPreprocessor(new ImagePreprocessor(size, Normalization.IMAGENET));
    }

    @Test
    void batchesAreNchwDataAndOneLabelPerImage() throws Exception {
        ImageFolderIndex index = scan();
        ImageFolderDataset ds = builder(index, 8).setSampling(4, false).build();
        assertEquals(18, ds.size());
        assertEquals(List.of("c0", "c1", "c2"), ds.classNames());
        try (NDManager m = NDManager.newBaseManager()) {
            List<Shape> dataShapes = new ArrayList<>();
            List<Float> labels = new ArrayList<>();
            for (Batch b : ds.getData(m)) {
                try (b) {
                    dataShapes.add(b.getData().singletonOrThrow().getShape());
                    assertEquals(DataType.FLOAT32, b.getLabels().singletonOrThrow().getDataType());
                    for (float f : b.getLabels().singletonOrThrow().toFloatArray()) {
                        labels.add(f);
                    }
                }
            }
            assertEquals(List.of(new Shape(4, 3, 8, 8), new Shape(4, 3, 8, 8), new Shape(4, 3, 8, 8),
                    new Shape(4, 3, 8, 8), new Shape(2, 3, 8, 8)), dataShapes);
            List<Float> expected = index.samples().stream().map(s -> (float) s.label()).toList();
            assertEquals(expected, labels);
        }
    }

    @Test
    void integerLabelsOnRequest() throws Exception {
        ImageFolderDataset ds = builder(scan(), 4).optLabelType(DataType.INT64).setSampling(2, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = ds.get(m, 7);
            assertEquals(DataType.INT64, r.getLabels().singletonOrThrow().getDataType());
            assertEquals(1L, r.getLabels().singletonOrThrow().getLong());
        }
        assertThrows(IllegalArgumentException.class, () -> ImageFolderDataset.builder().optLabelType(DataType.UINT8));
    }

    @Test
    void augmentationIsReproducibleAcrossInstancesAndVariesAcrossEpochs() throws Exception {
        ImageFolderIndex index = scan();
        ImageFolderDataset a = builder(index, 8).optAugmentation(Augmentation.STANDARD).optSeed(3)
                .setSampling(2, true).build();
        ImageFolderDataset b = builder(index, 8).optAugmentation(Augmentation.STANDARD).optSeed(3)
                .setSampling(2, true).build();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a1 = a.get(m, 5).getData().head().toFloatArray();
            float[] a2 = a.get(m, 5).getData().head().toFloatArray();
            float[] b1 = b.get(m, 5).getData().head().toFloatArray();
            float[] b2 = b.get(m, 5).getData().head().toFloatArray();
            assertArrayEquals(a1, b1);
            assertArrayEquals(a2, b2);
            assertFalse(Arrays.equals(a1, a2));
            a.resetAugmentation();
            assertArrayEquals(a1, a.get(m, 5).getData().head().toFloatArray());
        }
    }

    @Test
    void cacheDecodesEachFileOnceAndGivesTheSamePixels() throws Exception {
        ImageFolderIndex index = scan();
        ImageFolderDataset cached = builder(index, 8).optLoader(new ImageLoader(16, 1 << 20))
                .setSampling(6, false).build();
        ImageFolderDataset uncached = builder(index, 8).optLoader(new ImageLoader(16, 0))
                .setSampling(6, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int i = 0; i < index.size(); i++) {
                    assertArrayEquals(uncached.get(m, i).getData().head().toFloatArray(),
                            cached.get(m, i).getData().head().toFloatArray());
                }
            }
        }
        assertEquals(18, cached.loader().decodeCount());
        assertEquals(36, uncached.loader().decodeCount());
        assertTrue(cached.loader().cachedBytes() > 0);
    }

    @Test
    void aFileThatBrokeAfterTheScanFailsWithItsName() throws Exception {
        ImageFolderIndex index = scan();
        Path victim = index.samples().get(2).path();
        Files.writeString(victim, "gone bad");
        ImageFolderDataset ds = builder(index, 8).setSampling(2, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> ds.get(m, 2));
            assertEquals(victim, e.path());
        }
    }

    @Test
    void trainsWithEasyTrainOnASplit() throws Exception {
        ImageFolderIndex index = scan();
        DatasetSplit split = new StratifiedSplitter(0.34, 1).split(index);
        ImagePreprocessor pre = new ImagePreprocessor(8, Normalization.IMAGENET);
        ImageFolderDataset train = ImageFolderDataset.builder().setIndex(split.train()).setPreprocessor(pre)
                .optAugmentation(Augmentation.STANDARD).optSeed(1)
                .setSampling(new BatchSampler(new SeededShuffleSampler(1), 4)).build();
        ImageFolderDataset validation = ImageFolderDataset.builder().setIndex(split.validation())
                .setPreprocessor(pre).setSampling(4, false).build();
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(index.numClasses()).build());
        try (Model model = Model.newInstance("tiny")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .addEvaluator(new Accuracy())
                    .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, 8, 8));
                EasyTrain.fit(trainer, 2, train, validation);
                TrainingResult result = trainer.getTrainingResult();
                assertEquals(2, result.getEpoch());
                assertNotNull(result.getValidateLoss());
                assertTrue(Float.isFinite(result.getTrainLoss()));
            }
        }
    }
}
