package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * An optimizer whose whole state is a map of named arrays, so that a checkpoint can store it and a
 * resumed job continues exactly (DJL's optimizers key their state by per-process parameter ids).
 * Call {@link #step} after the gradient collector is closed: it updates every parameter that
 * requires a gradient and zeroes its gradient.
 */
public interface StatefulOptimizer extends AutoCloseable {

    /** @return the current base learning rate */
    float learningRate();

    /** @param learningRate the base learning rate of the next steps */
    void setLearningRate(float learningRate);

    /**
     * @param scales learning-rate multipliers by parameter name; a parameter not in the map uses 1
     *     (a lower rate for the base than for the head)
     */
    void setLearningRateScales(Map<String, Float> scales);

    /**
     * Applies one update to every named parameter that requires a gradient.
     *
     * @param parameters parameters by name
     */
    void step(Map<String, Parameter> parameters);

    /** Drops all state (a new training phase starts). */
    void resetState();

    /** @return the state by name (read-only view) */
    Map<String, NDArray> state();

    /**
     * Replaces the state (after a resume).
     *
     * @param arrays arrays by name, as {@link #state()} returned them; copied
     */
    void restoreState(Map<String, NDArray> arrays);

    @Override
    void close();

    /**
     * Zeroes the gradients of all parameters that require one (e.g. before the first step).
     *
     * @param parameters parameters by name
     */
    static void zeroGradients(Map<String, Parameter> parameters) {
        for (Parameter p : parameters.values()) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                try (NDArray grad = p.getArray().getGradient()) {
                    grad.subi(grad);
                }
            }
        }
    }

    /**
     * @param weight a parameter's array
     * @return whether weight decay applies to it: matrices and kernels, not biases nor BatchNorm
     *     scales (the usual practice, as in timm and the AdamW paper's experiments)
     */
    static boolean decays(NDArray weight) {
        return weight.getShape().dimension() > 1;
    }
}
