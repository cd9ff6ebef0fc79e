package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * 0-dim arrays of the few scalars an optimizer multiplies by on every step: an op with a {@code
 * Number} argument makes DJL create such an array (through a direct buffer) on every call, twice
 * per parameter and step. Cleared whenever the learning rate changes.
 */
final class ScalarCache implements AutoCloseable {
    private final NDManager manager;
    private final Map<Float, NDArray> arrays = new HashMap<>();

    ScalarCache(NDManager manager) {
        this.manager = manager;
    }

    NDArray of(float value) {
        return arrays.computeIfAbsent(value, manager::create);
    }

    void clear() {
        arrays.values().forEach(NDArray::close);
        arrays.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
