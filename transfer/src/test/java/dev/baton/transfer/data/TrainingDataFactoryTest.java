package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
}
