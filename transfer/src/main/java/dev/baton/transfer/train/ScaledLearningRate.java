package dev.baton.transfer.train;

import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * What {@link MomentumSgd} and {@link AdamW} share: the state manager, the base learning rate with
 * per-parameter scales, and the cache of 0-dim scalars (cleared when the rate changes).
 */
abstract class ScaledLearningRate implements StatefulOptimizer {
    /** Owns the optimizer's state. */
    protected final NDManager stateManager;
    /** 0-dim scalars used by every step. */
    protected final ScalarCache scalars;
    private Map<String, Float> scales = Map.of();
    private float learningRate;

    /**
     * @param manager parent of the state manager
     * @param learningRate the initial base learning rate
     */
    ScaledLearningRate(NDManager manager, float learningRate) {
        this.stateManager = manager.newSubManager();
        this.scalars = new ScalarCache(stateManager);
        this.learningRate = learningRate;
    }

    @Override
    public final float learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(float learningRate) {
        if (learningRate != this.learningRate) {
            this.learningRate = learningRate;
            scalars.clear();
        }
    }

    @Override
    public final void setLearningRateScales(Map<String, Float> byName) {
        this.scales = Map.copyOf(byName);
    }

    /**
     * @param name a parameter
     * @return its learning rate now
     */
    protected final float learningRateOf(String name) {
        return learningRate * scales.getOrDefault(name, 1f);
    }

    @Override
    public void close() {
        scalars.close();
        stateManager.close();
    }
}
