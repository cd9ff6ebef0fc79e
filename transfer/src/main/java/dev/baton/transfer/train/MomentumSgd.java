package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum, PyTorch semantics ({@code v = μ·v + g; w = w − lr·v}, no dampening), whose
 * state (the momentum buffers) is exposed by parameter name so it can be checkpointed and
 * restored. DJL's {@code Sgd} keeps its buffers private and keyed by per-process parameter ids,
 * which makes an exact resume impossible.
 *
 * <p>Call {@link #step} after the gradient collector is closed (grad mode off): it updates
 * every parameter that requires a gradient and zeroes its gradient.
 */
public final class MomentumSgd implements AutoCloseable {

    private final NDManager stateManager;
    private final float momentum;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();
    private float learningRate;
    /**
     * 0-dim arrays of the momentum and the learning rate: an op with a {@code Number} argument makes
     * DJL create such an array (through a direct buffer) on every call, twice per parameter and step.
     */
    private NDArray momentumScalar;
    private NDArray learningRateScalar;

    /**
     * @param manager parent manager for the momentum buffers (same device as the parameters)
     * @param learningRate initial learning rate
     * @param momentum momentum in [0, 1)
     */
    public MomentumSgd(NDManager manager, float learningRate, float momentum) {
        this.stateManager = manager.newSubManager();
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    /** @return the current learning rate */
    public float learningRate() {
        return learningRate;
    }

    /** @param learningRate the learning rate for the next steps */
    public void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
        if (learningRateScalar != null) {
            learningRateScalar.close();
            learningRateScalar = null;
        }
    }

    /** Makes the 0-dim learning rate and momentum (on the state manager's device) if not made yet. */
    private void makeScalars() {
        if (learningRateScalar == null) {
            learningRateScalar = stateManager.create(learningRate);
        }
        if (momentumScalar == null) {
            momentumScalar = stateManager.create(momentum);
        }
    }

    /**
     * Applies one update to every named parameter that requires a gradient.
     *
     * @param parameters parameters by name
     */
    public void step(Map<String, Parameter> parameters) {
        makeScalars();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) {
                if (momentum > 0) {
                    NDArray v = velocity.get(e.getKey());
                    if (v == null) {
                        v = grad.duplicate();
                        v.attach(stateManager);
                        velocity.put(e.getKey(), v);
                    } else {
                        v.muli(momentumScalar).addi(grad);
                    }
                    try (NDArray delta = v.mul(learningRateScalar)) {
                        weight.subi(delta);
                    }
                } else {
                    try (NDArray delta = grad.mul(learningRateScalar)) {
                        weight.subi(delta);
                    }
                }
                grad.subi(grad);
            }
        }
    }

    /** Zeroes the gradients of all parameters that require one (e.g. before the first step). */
    public static void zeroGradients(Map<String, Parameter> parameters) {
        for (Parameter p : parameters.values()) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                try (NDArray grad = p.getArray().getGradient()) {
                    grad.subi(grad);
                }
            }
        }
    }

    /** Drops all momentum buffers (e.g. when a new training phase starts). */
    public void resetState() {
        velocity.values().forEach(NDArray::close);
        velocity.clear();
    }

    /** @return the momentum buffers by parameter name (read-only view) */
    public Map<String, NDArray> state() {
        return Collections.unmodifiableMap(velocity);
    }

    /**
     * Replaces the momentum buffers (after a resume).
     *
     * @param buffers buffers by parameter name; copied onto this optimizer's manager
     */
    public void restoreState(Map<String, NDArray> buffers) {
        resetState();
        buffers.forEach(
                (name, array) -> {
                    // A real copy: on the same device toDevice(..., true) returns a view of the source,
                    // whose memory (a checkpoint file's buffer) is freed once the source is closed.
                    NDArray copy = array.getDevice().equals(stateManager.getDevice())
                            ? array.duplicate() : array.toDevice(stateManager.getDevice(), true);
                    copy.attach(stateManager);
                    velocity.put(name, copy);
                });
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
