package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimizers follow PyTorch's update rules step by step (checked against the formulas written
 * out by hand), and a state saved after some steps and restored into a new optimizer continues
 * exactly as the original does.
 */
class OptimizerStepTest {
    private static final float[] START = {1f, 2f, -1f, 0.5f};
    private static final float[] GRAD = {0.5f, -1f, 2f, 0.25f};

    /** One weight matrix (decayed) and one bias vector (not decayed). */
    private static Map<String, Parameter> parameters(NDManager manager) {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("head.weight", parameter(manager, "head.weight", Parameter.Type.WEIGHT, new Shape(2, 2)));
        ps.put("head.bias", parameter(manager, "head.bias", Parameter.Type.BIAS, new Shape(4)));
        return ps;
    }

    private static Parameter parameter(NDManager manager, String name, Parameter.Type type, Shape shape) {
        Parameter p = Parameter.builder().setName(name).setType(type).build();
        NDArray a = manager.create(START).reshape(shape);
        a.setRequiresGradient(true);
        p.setArray(a);
        return p;
    }

    /** Sets every gradient to GRAD (the gradient of sum(w · GRAD)). */
    private static void gradients(NDManager manager, Map<String, Parameter> ps) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector(); NDManager scope = manager.newSubManager()) {
            NDArray loss = null;
            for (Parameter p : ps.values()) {
                NDArray g = scope.create(GRAD).reshape(p.getArray().getShape());
                NDArray term = p.getArray().mul(g).sum();
                loss = loss == null ? term : loss.add(term);
            }
            c.backward(loss);
        }
    }

    private static float[] values(Map<String, Parameter> ps, String name) {
        return ps.get(name).getArray().toFloatArray();
    }

    @Test
    void adamWTakesPyTorchsFirstTwoSteps() {
        float lr = 0.1f;
        float wd = 0.01f;
        try (NDManager m = NDManager.newBaseManager(); AdamW adam = new AdamW(m, lr, wd)) {
            Map<String, Parameter> ps = parameters(m);
            gradients(m, ps);
            adam.step(ps);
            // step 1: m̂ = g, v̂ = g², so the update is lr·sign(g); decay only on the matrix
            float[] w1 = new float[4];
            float[] b1 = new float[4];
            for (int i = 0; i < 4; i++) {
                w1[i] = START[i] * (1 - lr * wd) - lr * Math.signum(GRAD[i]);
                b1[i] = START[i] - lr * Math.signum(GRAD[i]);
            }
            assertArrayEquals(w1, values(ps, "head.weight"), 1e-5f);
            assertArrayEquals(b1, values(ps, "head.bias"), 1e-5f);
            gradients(m, ps);
            adam.step(ps);
            // step 2 with the same gradient: m = g(1-β1)(1+β1), v = g²(1-β2)(1+β2); m̂ = g, v̂ = g²
            for (int i = 0; i < 4; i++) {
                w1[i] = w1[i] * (1 - lr * wd) - lr * Math.signum(GRAD[i]);
                b1[i] = b1[i] - lr * Math.signum(GRAD[i]);
            }
            assertArrayEquals(w1, values(ps, "head.weight"), 1e-5f);
            assertArrayEquals(b1, values(ps, "head.bias"), 1e-5f);
        }
    }

    @Test
    void nesterovSgdTakesPyTorchsFirstTwoSteps() {
        float lr = 0.1f;
        float mu = 0.9f;
        float wd = 0.01f;
        try (NDManager m = NDManager.newBaseManager(); MomentumSgd sgd = new MomentumSgd(m, lr, mu, true, wd)) {
            Map<String, Parameter> ps = parameters(m);
            gradients(m, ps);
            sgd.step(ps);
            float[] w = new float[4];
            float[] v = new float[4];
            float[] b = new float[4];
            float[] vb = new float[4];
            for (int i = 0; i < 4; i++) {
                float g = GRAD[i] + wd * START[i];
                v[i] = g;
                w[i] = START[i] - lr * (g + mu * v[i]);
                vb[i] = GRAD[i];
                b[i] = START[i] - lr * (GRAD[i] + mu * vb[i]);
            }
            assertArrayEquals(w, values(ps, "head.weight"), 1e-5f);
            assertArrayEquals(b, values(ps, "head.bias"), 1e-5f);
            gradients(m, ps);
            sgd.step(ps);
            for (int i = 0; i < 4; i++) {
                float g = GRAD[i] + wd * w[i];
                v[i] = mu * v[i] + g;
                w[i] = w[i] - lr * (g + mu * v[i]);
                vb[i] = mu * vb[i] + GRAD[i];
                b[i] = b[i] - lr * (GRAD[i] + mu * vb[i]);
            }
            assertArrayEquals(w, values(ps, "head.weight"), 1e-5f);
            assertArrayEquals(b, values(ps, "head.bias"), 1e-5f);
        }
    }

    @Test
    void aRestoredStateContinuesExactly() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            TrainingSpec spec = TrainingSpec.builder("mobilenet_v2").optimizer(kind).learningRate(0.05f)
                    .weightDecay(0.01f).build();
            try (NDManager m = NDManager.newBaseManager();
                    StatefulOptimizer straight = kind.create(m, spec);
                    StatefulOptimizer first = kind.create(m, spec);
                    StatefulOptimizer resumed = kind.create(m, spec)) {
                Map<String, Parameter> a = parameters(m);
                Map<String, Parameter> b = parameters(m);
                for (int step = 0; step < 3; step++) {
                    gradients(m, a);
                    straight.step(a);
                }
                gradients(m, b);
                first.step(b);
                Map<String, NDArray> saved = new HashMap<>(first.state());
                resumed.restoreState(saved);
                for (int step = 0; step < 2; step++) {
                    gradients(m, b);
                    resumed.step(b);
                }
                assertArrayEquals(values(a, "head.weight"), values(b, "head.weight"), 1e-6f, kind.name());
                assertArrayEquals(values(a, "head.bias"), values(b, "head.bias"), 1e-6f, kind.name());
            }
        }
    }
}
