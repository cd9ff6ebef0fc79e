package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomSampler;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Batches of a training epoch: a small last batch sits out, a set under one batch is kept whole. */
class TrainingBatchesTest {

    @Test
    void aLastBatchUnderHalfTheBatchSizeIsDropped() {
        assertTrue(TrainingBatches.dropsLast(18, 8));
        assertEquals(2, TrainingBatches.perEpoch(18, 8));
    }

    @Test
    void aLastBatchOfHalfOrMoreIsKept() {
        assertFalse(TrainingBatches.dropsLast(20, 8));
        assertEquals(3, TrainingBatches.perEpoch(20, 8));
        assertFalse(TrainingBatches.dropsLast(16, 8));
        assertEquals(2, TrainingBatches.perEpoch(16, 8));
    }

    @Test
    void aSetSmallerThanOneBatchIsKeptWhole() {
        assertFalse(TrainingBatches.dropsLast(3, 8));
        assertEquals(1, TrainingBatches.perEpoch(3, 8));
    }

    @Test
    void theSamplerYieldsTheCountedBatchesAndADifferentImageSitsOutEachEpoch() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset data = new ArrayDataset.Builder().setData(manager.arange(18f).reshape(18, 1))
                    .optLabels(manager.zeros(new Shape(18)))
                    .setSampling(TrainingBatches.sampler(new RandomSampler(), 18, 8)).build();
            Set<Float> seen = new HashSet<>();
            for (int epoch = 0; epoch < 20; epoch++) {
                int batches = 0;
                for (Batch batch : data.getData(manager)) {
                    try (batch) {
                        assertEquals(8, batch.getSize());
                        for (float v : batch.getData().head().toFloatArray()) {
                            seen.add(v);
                        }
                        batches++;
                    }
                }
                assertEquals(TrainingBatches.perEpoch(18, 8), batches);
            }
            assertEquals(18, seen.size(), "every image trains in some epoch");
        }
    }
}
