package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** Label-smoothed cross-entropy against the formula, worked by hand, on the engine the trainer runs. */
class SmoothedSoftmaxCrossEntropyTest {

    /** −Σ_c t_c log softmax(s)_c with t_true = 1 − ε + ε/C and t_other = ε/C, averaged over the batch. */
    private static double expected(float[][] scores, int[] labels, float eps) {
        double total = 0;
        for (int n = 0; n < scores.length; n++) {
            int classes = scores[n].length;
            double max = Double.NEGATIVE_INFINITY;
            for (float s : scores[n]) {
                max = Math.max(max, s);
            }
            double sum = 0;
            for (float s : scores[n]) {
                sum += Math.exp(s - max);
            }
            for (int c = 0; c < classes; c++) {
                double logP = scores[n][c] - max - Math.log(sum);
                double t = (c == labels[n] ? 1 - eps : 0) + eps / classes;
                total -= t * logP;
            }
        }
        return total / scores.length;
    }

    @Test
    void matchesTheFormulaAndIsPlainCrossEntropyWithoutSmoothing() {
        float[][] scores = {{2f, -1f, 0.5f}, {0.1f, 0.2f, 3f}, {-2f, 4f, 1f}, {0f, 0f, 0f}};
        int[] labels = {0, 1, 1, 2};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(scores);
            NDArray y = m.create(new float[] {0, 1, 1, 2});
            for (float eps : new float[] {0f, 0.1f, 0.3f}) {
                float loss = new SmoothedSoftmaxCrossEntropy(eps).evaluate(new NDList(y), new NDList(s)).getFloat();
                assertEquals(expected(scores, labels, eps), loss, 1e-5, "ε = " + eps);
            }
            float plain = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(s)).getFloat();
            assertEquals(plain, new SmoothedSoftmaxCrossEntropy(0f).evaluate(new NDList(y), new NDList(s)).getFloat(), 1e-5);
        }
    }

    @Test
    void itsGradientIsSoftmaxMinusTheSmoothedTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(new float[] {1f, 2f, 0.5f, -1f}, new Shape(1, 4));
            s.setRequiresGradient(true);
            float eps = 0.2f;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new SmoothedSoftmaxCrossEntropy(eps).evaluate(new NDList(m.create(new float[] {2})),
                        new NDList(s)));
            }
            float[] grad = s.getGradient().toFloatArray();
            float[] p = s.softmax(1).toFloatArray();
            for (int c = 0; c < 4; c++) {
                double t = (c == 2 ? 1 - eps : 0) + eps / 4;
                assertEquals(p[c] - t, grad[c], 1e-5, "class " + c);
            }
        }
    }

    @Test
    void smoothingOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothedSoftmaxCrossEntropy(0.5f));
        assertThrows(IllegalArgumentException.class, () -> new SmoothedSoftmaxCrossEntropy(-0.1f));
    }
}
