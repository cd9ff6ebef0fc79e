package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;

/**
 * Training objective of the SVM head: {@link MultiClassHingeLoss} plus {@code l2 · Σ W²} over the
 * SVM weight matrix (bias not regularised).
 *
 * <p>DJL's {@code L2WeightDecay} is not used because it allocates its result on the parameters'
 * manager, which would grow for the whole job; here every intermediate lives on the batch's
 * manager.
 */
public final class SvmObjective extends Loss {

    private final MultiClassHingeLoss hinge = new MultiClassHingeLoss();
    private final Parameter weight;
    private final float l2;

    /**
     * @param weight the SVM weight matrix
     * @param l2 regularisation strength, ≥ 0
     */
    public SvmObjective(Parameter weight, float l2) {
        super("SvmObjective");
        this.weight = weight;
        this.l2 = l2;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray loss = hinge.evaluate(labels, predictions);
        if (l2 == 0) {
            return loss;
        }
        NDArray penalty = weight.getArray().square();
        penalty.attach(loss.getManager());
        NDArray sum = penalty.sum();
        sum.attach(loss.getManager());
        return loss.add(sum.mul(l2));
    }
}
