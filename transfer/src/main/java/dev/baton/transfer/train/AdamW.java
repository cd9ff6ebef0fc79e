package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), PyTorch's {@code torch.optim.AdamW}
 * semantics: {@code w = w − lr·wd·w; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w = w − lr·m̂/(√v̂ + ε)}
 * with bias-corrected {@code m̂, v̂}. Weight decay applies to matrices and kernels only. The state is
 * {@code m:<name>}, {@code v:<name>} per parameter and the step count {@code step}, so a checkpoint
 * resumes it exactly.
 */
public final class AdamW extends ScaledLearningRate {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String STEP = "step";

    private final float weightDecay;
    private final Map<String, NDArray> state = new LinkedHashMap<>();
    private long steps;

    /**
     * @param manager parent manager of the moment buffers (same device as the parameters)
     * @param learningRate initial learning rate
     * @param weightDecay decoupled weight decay, ≥ 0
     */
    public AdamW(NDManager manager, float learningRate, float weightDecay) {
        super(manager, learningRate);
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(Map<String, Parameter> parameters) {
        steps++;
        float correction1 = (float) (1 - Math.pow(BETA1, steps));
        float correction2 = (float) (1 - Math.pow(BETA2, steps));
        // lr·m̂/(√v̂+ε) = (lr/c1)·m / (√v/√c2 + ε)
        float sqrtC2 = (float) Math.sqrt(correction2);
        NDArray b1 = scalars.of(BETA1);
        NDArray b2 = scalars.of(BETA2);
        NDArray oneMinusB1 = scalars.of(1 - BETA1);
        NDArray oneMinusB2 = scalars.of(1 - BETA2);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            String name = e.getKey();
            float lr = learningRateOf(name);
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) {
                if (weightDecay > 0 && StatefulOptimizer.decays(weight)) {
                    try (NDArray decay = weight.mul(scalars.of(lr * weightDecay))) {
                        weight.subi(decay);
                    }
                }
                NDArray m = state.computeIfAbsent("m:" + name, k -> zerosLike(grad));
                NDArray v = state.computeIfAbsent("v:" + name, k -> zerosLike(grad));
                try (NDArray g1 = grad.mul(oneMinusB1)) {
                    m.muli(b1).addi(g1);
                }
                try (NDArray g2 = grad.square()) {
                    g2.muli(oneMinusB2);
                    v.muli(b2).addi(g2);
                }
                try (NDArray denom = v.sqrt(); NDArray step = m.mul(lr / correction1)) {
                    denom.divi(sqrtC2).addi(EPSILON);
                    step.divi(denom);
                    weight.subi(step);
                }
                grad.subi(grad);
            }
        }
    }

    private NDArray zerosLike(NDArray like) {
        NDArray z = stateManager.zeros(like.getShape(), like.getDataType(), like.getDevice());
        z.attach(stateManager);
        return z;
    }

    @Override
    public void resetState() {
        state.values().forEach(NDArray::close);
        state.clear();
        steps = 0;
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> all = new LinkedHashMap<>(state);
        NDArray count = stateManager.create(new long[] {steps});
        all.put(STEP, count);
        return Collections.unmodifiableMap(all);
    }

    @Override
    public void restoreState(Map<String, NDArray> arrays) {
        resetState();
        arrays.forEach((name, array) -> {
            if (STEP.equals(name)) {
                steps = array.toLongArray()[0];
            } else {
                state.put(name, OptimizerState.copyOnto(array, stateManager));
            }
        });
    }

}
