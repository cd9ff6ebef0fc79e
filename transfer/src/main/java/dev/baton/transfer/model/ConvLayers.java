package dev.baton.transfer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builds convolution layers (weights initialised as torchvision does: Kaiming normal, fan-out) for a
 * {@link BackboneConfig} (padding mode, BatchNorm epsilon) and registers their parameters under
 * torchvision names. Conv → BatchNorm pairs become one {@link ConvBatchNorm} block (BatchNorm momentum
 * as torch's 0.1, configured epsilon).
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
        Conv2d conv = newConv(filters, kernel, stride, groups, bias, tfPad ? 0 : kernel / 2);
        target.add(conv);
        names.weightAndBias(torchName, conv);
        return conv;
    }

    private static Conv2d newConv(int filters, int kernel, int stride, int groups, boolean bias, int pad) {
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
        return conv;
    }

    /**
     * torchvision {@code Conv2dNormActivation}: conv (no bias) → BN → ReLU6, with parameters
     * under {@code prefix.0} and {@code prefix.1}, as one {@link ConvBatchNorm} block.
     */
    ConvBatchNorm convBnRelu6(String prefix, int filters, int kernel, int stride, int groups) {
        return convBn(prefix + ".0", prefix + ".1", filters, kernel, stride, groups, true);
    }

    /**
     * Conv (no bias) → BN (→ ReLU6) as one {@link ConvBatchNorm} block that folds BN into the
     * convolution in inference mode.
     *
     * @param convName torchvision name of the convolution
     * @param bnName torchvision name of the BatchNorm
     */
    ConvBatchNorm convBn(
            String convName, String bnName, int filters, int kernel, int stride, int groups, boolean relu6) {
        boolean tfPad = config.paddingMode() == PaddingMode.TF_SAME && stride > 1;
        Conv2d conv = newConv(filters, kernel, stride, groups, false, tfPad ? 0 : kernel / 2);
        names.weightAndBias(convName, conv);
        BatchNorm bn = BatchNorm.builder().optEpsilon(config.batchNormEpsilon()).build();
        names.batchNorm(bnName, bn);
        return new ConvBatchNorm(
                tfPad ? new TfSamePadding(kernel, stride) : null, conv, bn, config.batchNormEpsilon(), relu6);
    }
}
