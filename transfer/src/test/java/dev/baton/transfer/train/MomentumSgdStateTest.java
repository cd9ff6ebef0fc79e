package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restored optimizer state owns its memory. A resumed job reads its momentum buffers from the
 * checkpoint file into a scratch manager that is closed right after; a buffer that still pointed
 * at that memory corrupted the native heap of the trainer a few epochs later ("corrupted
 * double-linked list", seen when a job resumed in the same process after a broker restart).
 */
class MomentumSgdStateTest {

    @Test
    void restoredBuffersAreCopiesNotViewsOfTheCheckpointArrays() {
        try (NDManager manager = NDManager.newBaseManager();
                MomentumSgd optimizer = new MomentumSgd(manager, 0.1f, 0.9f)) {
            NDManager scratch = manager.newSubManager();
            // As ParameterFile.read does: arrays decoded from a checkpoint's bytes.
            NDArray fromCheckpoint = scratch.decode(scratch.create(new float[] {1f, 2f, 3f}).encode());
            optimizer.restoreState(Map.of("features.0.weight", fromCheckpoint));

            fromCheckpoint.addi(100f);
            assertArrayEquals(new float[] {1f, 2f, 3f}, optimizer.state().get("features.0.weight").toFloatArray(),
                    "the restored buffer does not share memory with the checkpoint's array");
            scratch.close();
            assertArrayEquals(new float[] {1f, 2f, 3f}, optimizer.state().get("features.0.weight").toFloatArray(),
                    "and outlives it");
        }
    }
}
