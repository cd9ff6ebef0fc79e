package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataFactoryTest {
    @TempDir
    Path root;

    @Test
    void preparesSplitDatasetsWithCounts() throws Exception {
        TinyImages.dataset(root, 2, 5);
        TinyImages.write(TinyImages.gray(12, 12, 9), root.resolve("c1/gray.png"));
        TinyImages.writeGarbage(root.resolve("c0/bad.jpg"));
        DataOptions options = new DataOptions(8, Normalization.IMAGENET, 0.2, 5, 3, Augmentation.STANDARD,
                CorruptionLimit.count(1), 1 << 20);
        TrainingData data = TrainingDataFactory.prepare(root, options);
        assertEquals(List.of("c0", "c1"), data.index().classNames());
        assertEquals(1, data.index().skipped().size());
        assertEquals(Map.of("c0", 4, "c1", 5), data.trainCounts());
        assertEquals(Map.of("c0", 1, "c1", 1), data.validationCounts());
        assertEquals(9, data.train().size());
        try (NDManager m = NDManager.newBaseManager()) {
            Batch first = data.train().getData(m).iterator().next();
            assertEquals(new Shape(3, 3, 8, 8), first.getData().singletonOrThrow().getShape());
            assertEquals(new Shape(3), first.getLabels().singletonOrThrow().getShape());
        }
    }

    @Test
    void userErrorsPassThroughTyped() {
        DataOptions options = DataOptions.defaults(8, Normalization.IMAGENET, 2, 0);
        assertThrows(DatasetFolderNotFoundException.class,
                () -> TrainingDataFactory.prepare(root.resolve("missing"), options));
        assertThrows(EmptyDatasetException.class, () -> TrainingDataFactory.prepare(root, options));
    }

    @Test
    void aTestSplitMayLackTrainingClassesAndKeepsTheTrainingLabels() throws Exception {
        TinyImages.dataset(root.resolve("train"), 3, 2);
        TinyImages.write(TinyImages.noise(16, 12, 5), root.resolve("test/c2/a.png"));
        TinyImages.write(TinyImages.noise(16, 12, 6), root.resolve("test/c0/b.png"));
        DatasetLayout layout = DatasetLayout.of(root, "train", "test");
        assertEquals(root.resolve("train"), layout.train());
        assertEquals(Optional.of(root.resolve("test")), layout.test());
        List<String> training = TrainingDataFactory.prepare(layout.train(), DataOptions.defaults(8,
                Normalization.IMAGENET, 2, 0)).index().classNames();
        ImageFolderDataset test = TrainingDataFactory.test(layout.test().get(),
                DataOptions.defaults(8, Normalization.IMAGENET, 2, 0), training);
        assertEquals(List.of("c0", "c1", "c2"), test.classNames());
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(0, test.get(m, 0).getLabels().singletonOrThrow().toType(DataType.INT32, false).getInt());
            assertEquals(2, test.get(m, 1).getLabels().singletonOrThrow().toType(DataType.INT32, false).getInt());
        }
        TinyImages.write(TinyImages.noise(16, 12, 7), root.resolve("test/c9/c.png"));
        DataOptions options = DataOptions.defaults(8, Normalization.IMAGENET, 2, 0);
        TestClassesMismatchException e = assertThrows(TestClassesMismatchException.class,
                () -> TrainingDataFactory.test(layout.test().get(), options, training));
        assertTrue(e.getMessage().contains("[c9]"), e.getMessage());
    }

    @Test
    void aTrainingFolderAloneIsASplitWithoutTestImages() throws Exception {
        TinyImages.dataset(root.resolve("train"), 2, 1);
        assertEquals(new DatasetLayout(root.resolve("train"), Optional.empty()),
                DatasetLayout.of(root, "train", "test"));
        TinyImages.dataset(root.resolve("other"), 2, 1);
        assertEquals(new DatasetLayout(root, Optional.empty()), DatasetLayout.of(root, "train", "test"));
    }
}
