package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum, PyTorch semantics ({@code g = g + wd·w; v = μ·v + g; w = w − lr·v}, or with
 * Nesterov momentum {@code w = w − lr·(g + μ·v)}; no dampening), whose state (the momentum buffers)
 * is exposed by parameter name so it can be checkpointed and restored. Weight decay applies to
 * matrices and kernels only ({@link StatefulOptimizer#decays}).
 */
public final class MomentumSgd extends ScaledLearningRate {

    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();

    /**
     * Plain momentum SGD without weight decay.
     *
     * @param manager parent manager for the momentum buffers (same device as the parameters)
     * @param learningRate initial learning rate
     * @param momentum momentum in [0, 1)
     */
    public MomentumSgd(NDManager manager, float learningRate, float momentum) {
        this(manager, learningRate, momentum, false, 0f);
    }

    /**
     * @param manager parent manager for the momentum buffers (same device as the parameters)
     * @param learningRate initial learning rate
     * @param momentum momentum in [0, 1)
     * @param nesterov whether to use Nesterov momentum
     * @param weightDecay L2 penalty added to the gradient of matrices and kernels, ≥ 0
     */
    public MomentumSgd(NDManager manager, float learningRate, float momentum, boolean nesterov, float weightDecay) {
        super(manager, learningRate);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(Map<String, Parameter> parameters) {
        NDArray mu = scalars.of(momentum);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray weight = p.getArray();
            NDArray lr = scalars.of(learningRateOf(e.getKey()));
            try (NDArray grad = weight.getGradient()) {
                if (weightDecay > 0 && StatefulOptimizer.decays(weight)) {
                    try (NDArray decay = weight.mul(scalars.of(weightDecay))) {
                        grad.addi(decay);
                    }
                }
                if (momentum > 0) {
                    NDArray v = velocity.get(e.getKey());
                    if (v == null) {
                        v = grad.duplicate();
                        v.attach(stateManager);
                        velocity.put(e.getKey(), v);
                    } else {
                        v.muli(mu).addi(grad);
                    }
                    if (nesterov) {
                        try (NDArray ahead = v.mul(mu); NDArray update = ahead.addi(grad); NDArray delta = update.muli(lr)) {
                            weight.subi(delta);
                        }
                    } else {
                        try (NDArray delta = v.mul(lr)) {
                            weight.subi(delta);
                        }
                    }
                } else {
                    try (NDArray delta = grad.mul(lr)) {
                        weight.subi(delta);
                    }
                }
                grad.subi(grad);
            }
        }
    }

    /**
     * Zeroes the gradients of all parameters that require one.
     *
     * @param parameters parameters by name
     */
    public static void zeroGradients(Map<String, Parameter> parameters) {
        StatefulOptimizer.zeroGradients(parameters);
    }

    @Override
    public void resetState() {
        velocity.values().forEach(NDArray::close);
        velocity.clear();
    }

    @Override
    public Map<String, NDArray> state() {
        return Collections.unmodifiableMap(velocity);
    }

    @Override
    public void restoreState(Map<String, NDArray> buffers) {
        resetState();
        buffers.forEach((name, array) -> velocity.put(name, OptimizerState.copyOnto(array, stateManager)));
    }

}
