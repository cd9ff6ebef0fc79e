package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against smoothed targets (Szegedy et al.): the true class gets {@code 1 − ε
 * + ε/C}, every other class {@code ε/C}, as PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}.
 * With {@code ε = 0} it is the plain cross-entropy. Labels are class indices.
 */
final class SmoothedSoftmaxCrossEntropy extends Loss {
    private final float smoothing;

    /** @param smoothing ε in [0, 0.5) */
    SmoothedSoftmaxCrossEntropy(float smoothing) {
        super("SmoothedSoftmaxCrossEntropy");
        if (smoothing < 0 || smoothing >= 0.5f) {
            throw new IllegalArgumentException("label smoothing must be in [0, 0.5), was " + smoothing);
        }
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        int classes = (int) scores.getShape().get(1);
        NDArray logProbabilities = scores.logSoftmax(1);
        NDArray label = labels.singletonOrThrow().toType(DataType.INT64, false).reshape(-1, 1);
        // −Σ_c t_c log p_c with t = (1 − ε) onehot + ε/C, written without building t (libtorch's engine in DJL
        // has no oneHot with on/off values): (1 − ε) times the true class's term plus ε times the mean over classes
        NDArray trueClass = logProbabilities.get(new NDIndex().addAllDim().addPickDim(label)).reshape(-1);
        NDArray allClasses = logProbabilities.sum(new int[] {1}).div(classes);
        return trueClass.mul(1 - smoothing).add(allClasses.mul(smoothing)).neg().mean();
    }
}
