package dev.baton.transfer.train;

import ai.djl.training.loss.Loss;
import dev.baton.transfer.model.ClassifierHead;
import dev.baton.transfer.model.HeadType;

/** Picks the training loss of a head: softmax cross-entropy (label-smoothed), or the SVM objective. */
public final class TrainingLosses {

    private TrainingLosses() {}

    /**
     * @param head the head
     * @param labelSmoothing ε of the softmax heads' cross-entropy (the SVM's hinge loss has none)
     * @return the loss
     */
    public static Loss forHead(ClassifierHead head, float labelSmoothing) {
        if (head.spec().type() == HeadType.SVM) {
            return new SvmObjective(head.outputWeight(), head.spec().l2());
        }
        return labelSmoothing > 0 ? new SmoothedSoftmaxCrossEntropy(labelSmoothing) : Loss.softmaxCrossEntropyLoss();
    }
}
