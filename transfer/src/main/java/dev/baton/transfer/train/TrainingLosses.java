package dev.baton.transfer.train;

import ai.djl.training.loss.Loss;
import dev.baton.transfer.model.ClassifierHead;
import dev.baton.transfer.model.HeadType;

/** Picks the training loss of a head: softmax cross-entropy, or the SVM objective. */
final class TrainingLosses {

    private TrainingLosses() {}

    static Loss forHead(ClassifierHead head) {
        if (head.spec().type() == HeadType.SVM) {
            return new SvmObjective(head.outputWeight(), head.spec().l2());
        }
        return Loss.softmaxCrossEntropyLoss();
    }
}
