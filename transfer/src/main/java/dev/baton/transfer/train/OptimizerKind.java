package dev.baton.transfer.train;

import ai.djl.ndarray.NDManager;

/** Which {@link StatefulOptimizer} trains a job. */
public enum OptimizerKind {
    /** SGD with (heavy-ball) momentum. */
    SGD,
    /** SGD with Nesterov momentum. */
    NESTEROV,
    /** Adam with decoupled weight decay; momentum is unused. */
    ADAMW;

    /**
     * @param manager parent manager of the optimizer's state
     * @param spec the job's spec (learning rate, momentum, weight decay)
     * @return a new optimizer of this kind
     */
    public StatefulOptimizer create(NDManager manager, TrainingSpec spec) {
        return switch (this) {
            case SGD -> new MomentumSgd(manager, spec.learningRate(), spec.momentum(), false, spec.weightDecay());
            case NESTEROV -> new MomentumSgd(manager, spec.learningRate(), spec.momentum(), true, spec.weightDecay());
            case ADAMW -> new AdamW(manager, spec.learningRate(), spec.weightDecay());
        };
    }
}
