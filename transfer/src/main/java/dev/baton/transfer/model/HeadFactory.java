package dev.baton.transfer.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/** Builds {@link ClassifierHead}s from a {@link HeadSpec}. */
public final class HeadFactory {

    private HeadFactory() {}

    /**
     * @param spec the head spec
     * @param numClasses number of classes, ≥ 2
     * @return a new, uninitialised head
     */
    public static ClassifierHead create(HeadSpec spec, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        SequentialBlock seq = new ReleasingSequentialBlock();
        TorchParameterNames names = new TorchParameterNames();
        switch (spec.type()) {
            case DENSE -> {
                seq.add(Blocks.batchFlattenBlock());
                names.weightAndBias("head.1", add(seq, linear(spec.hiddenUnits())));
                seq.add(Activation.reluBlock());
                seq.add(Dropout.builder().optRate(spec.dropout()).build());
                // two stacked layers: keep DJL's Xavier default on both so gradients are not tiny
                names.weightAndBias("head.4", add(seq, linear(numClasses)));
            }
            case GAP -> {
                seq.add(Pool.globalAvgPool2dBlock());
                seq.add(Blocks.batchFlattenBlock());
                seq.add(Dropout.builder().optRate(spec.dropout()).build());
                names.weightAndBias("head.3", add(seq, output(numClasses)));
            }
            case SVM -> {
                seq.add(Pool.globalAvgPool2dBlock());
                seq.add(Blocks.batchFlattenBlock());
                names.weightAndBias("head.2", add(seq, output(numClasses)));
            }
            default -> throw new IllegalArgumentException("unsupported head " + spec.type());
        }
        return new ClassifierHead(spec, numClasses, seq, names.asMap());
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /** A single class-score layer on pooled features: weights N(0, 0.01) as torchvision's classifiers, bias 0. */
    private static Linear output(int classes) {
        Linear linear = linear(classes);
        linear.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        linear.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        return linear;
    }

    private static Linear add(SequentialBlock seq, Linear linear) {
        seq.add(linear);
        return linear;
    }
}
