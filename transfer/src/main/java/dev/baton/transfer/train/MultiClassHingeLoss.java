package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Multiclass hinge loss with PyTorch {@code MultiMarginLoss(p=1, margin=1, reduction='mean')}
 * semantics: for scores {@code x} (N, C) and labels {@code y} (N),
 * {@code loss_i = Σ_{j≠y_i} max(0, margin − x[i, y_i] + x[i, j]) / C}, averaged over the batch.
 * DJL's {@code HingeLoss} is binary, hence this class.
 */
public final class MultiClassHingeLoss extends Loss {

    private final float margin;

    /** PyTorch's default margin of 1. */
    public MultiClassHingeLoss() {
        this(1f);
    }

    /**
     * @param margin the margin
     */
    public MultiClassHingeLoss(float margin) {
        super("MultiClassHingeLoss");
        this.margin = margin;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        int classes = (int) scores.getShape().get(1);
        NDArray target = labels.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.INT64, false)
                .reshape(-1)
                .oneHot(classes, scores.getDataType());
        NDArray targetScore = scores.mul(target).sum(new int[] {1}, true);
        NDArray hinge = scores.sub(targetScore).add(margin).maximum(0).mul(target.neg().add(1));
        return hinge.sum(new int[] {1}).div(classes).mean();
    }
}
