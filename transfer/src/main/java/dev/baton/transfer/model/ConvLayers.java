package dev.baton.transfer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builds convolution layers (weights initialised as torchvision does: Kaiming normal, fan-out) for a {@link BackboneConfig} (padding mode, BatchNorm epsilon) and
 * registers their parameters under torchvision names.
 */
final class ConvLayers {

    private final BackboneConfig config;
    private final TorchParameterNames names;

    ConvLayers(BackboneConfig config, TorchParameterNames names) {
        this.config = config;
        this.names = names;
    }

    /**
     * Adds a square convolution to {@code target}, preceded by a {@link TfSamePadding} when the
     * config asks for TF padding and the convolution is strided.
     */
    Conv2d conv(
            SequentialBlock target,
            String torchName,
            int filters,
            int kernel,
            int stride,
            int groups,
            boolean bias) {
        boolean tfPad = config.paddingMode() == PaddingMode.TF_SAME && stride > 1;
        if (tfPad) {
            target.add(new TfSamePadding(kernel, stride));
        }
        int pad = tfPad ? 0 : kernel / 2;
        Conv2d conv =
                Conv2d.builder()
                        .setFilters(filters)
                        .setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(pad, pad))
                        .optGroups(groups)
                        .optBias(bias)
                        .build();
        // torchvision: kaiming_normal_(mode="fan_out", nonlinearity="relu")
        conv.setInitializer(
                new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        target.add(conv);
        names.weightAndBias(torchName, conv);
        return conv;
    }

    /** Adds a BatchNorm (momentum as torch's 0.1, configured epsilon). */
    BatchNorm batchNorm(SequentialBlock target, String torchName) {
        BatchNorm bn = BatchNorm.builder().optEpsilon(config.batchNormEpsilon()).build();
        target.add(bn);
        names.batchNorm(torchName, bn);
        return bn;
    }

    /**
     * torchvision {@code Conv2dNormActivation}: conv (no bias) → BN → ReLU6, with parameters
     * under {@code prefix.0} and {@code prefix.1}.
     */
    SequentialBlock convBnRelu6(String prefix, int filters, int kernel, int stride, int groups) {
        SequentialBlock seq = new SequentialBlock();
        conv(seq, prefix + ".0", filters, kernel, stride, groups, false);
        batchNorm(seq, prefix + ".1");
        seq.add(Activation.relu6Block());
        return seq;
    }
}
