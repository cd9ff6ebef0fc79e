package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Helpers shared by the {@link StatefulOptimizer}s. */
final class OptimizerState {
    private OptimizerState() {}

    /**
     * A real copy of a restored array on the optimizer's manager: on the same device {@code
     * toDevice(..., true)} returns a view of the source, whose memory (a checkpoint file's buffer)
     * is freed once the source is closed.
     */
    static NDArray copyOnto(NDArray array, NDManager manager) {
        NDArray copy = array.getDevice().equals(manager.getDevice())
                ? array.duplicate() : array.toDevice(manager.getDevice(), true);
        copy.attach(manager);
        return copy;
    }
}
