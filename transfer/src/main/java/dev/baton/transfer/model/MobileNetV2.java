package dev.baton.transfer.model;

import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 feature extractor in torchvision layout.
 *
 * <ul>
 *   <li>{@code features.0}: 3x3 stride-2 conv → BN → ReLU6 ({@code features.0.0}, {@code
 *       features.0.1})
 *   <li>{@code features.1..17}: inverted residual blocks (expand ratio t, channels c, repeats n,
 *       stride s of the first repeat) with parameters under {@code features.i.conv.*}; depthwise
 *       convolutions are grouped convolutions with {@code groups = channels}
 *   <li>{@code features.18}: 1x1 conv to {@code 1280 * max(1, width)} → BN → ReLU6
 * </ul>
 *
 * Channel counts are rounded with torchvision's/Keras' {@code _make_divisible(v, 8)}.
 */
public final class MobileNetV2 {

    /** The base model name. */
    public static final String NAME = "mobilenet_v2";

    /** t, c, n, s. */
    private static final int[][] SETTINGS = {
        {1, 16, 1, 1},
        {6, 24, 2, 2},
        {6, 32, 3, 2},
        {6, 64, 4, 2},
        {6, 96, 3, 1},
        {6, 160, 3, 2},
        {6, 320, 1, 1}
    };

    private MobileNetV2() {}

    /**
     * @param config shape options
     * @return a new, uninitialised backbone
     */
    public static Backbone build(BackboneConfig config) {
        double width = config.widthMultiplier();
        TorchParameterNames names = new TorchParameterNames();
        ConvLayers layers = new ConvLayers(config, names);
        List<FreezableBlock> blocks = new ArrayList<>();

        int inputChannels = makeDivisible(32 * width);
        int lastChannels = makeDivisible(1280 * Math.max(1.0, width));
        blocks.add(new FreezableBlock("features.0", layers.convBnRelu6("features.0", inputChannels, 3, 2, 1)));

        int index = 1;
        for (int[] s : SETTINGS) {
            int expand = s[0];
            int outputChannels = makeDivisible(s[1] * width);
            for (int i = 0; i < s[2]; i++) {
                int stride = i == 0 ? s[3] : 1;
                String prefix = "features." + index;
                blocks.add(
                        new FreezableBlock(
                                prefix,
                                invertedResidual(layers, prefix, inputChannels, outputChannels, stride, expand)));
                inputChannels = outputChannels;
                index++;
            }
        }
        String last = "features." + index;
        blocks.add(new FreezableBlock(last, layers.convBnRelu6(last, lastChannels, 1, 1, 1)));
        // channels-last: without it oneDNN's layout reorders around the many small depthwise and 1x1
        // convolutions cost as much as the convolutions (ChannelsLast)
        return new Backbone(NAME, config, blocks, names.asMap(), lastChannels, ChannelsLast.Policy.ALWAYS);
    }

    private static InvertedResidual invertedResidual(
            ConvLayers layers, String prefix, int in, int out, int stride, int expand) {
        int hidden = (int) Math.round(in * (double) expand);
        SequentialBlock conv = new ReleasingSequentialBlock();
        int i = 0;
        String p = prefix + ".conv.";
        if (expand != 1) {
            conv.add(layers.convBnRelu6(p + i++, hidden, 1, 1, 1));
        }
        conv.add(layers.convBnRelu6(p + i++, hidden, 3, stride, hidden));
        // linear projection: conv.(i) and its BatchNorm conv.(i+1), no activation
        conv.add(layers.convBn(p + i, p + (i + 1), out, 1, 1, 1, false));
        return new InvertedResidual(conv, stride == 1 && in == out);
    }

    /**
     * torchvision's / Keras' {@code _make_divisible(v, 8)}: nearest multiple of 8, at least 8,
     * and not more than 10% below {@code v}.
     *
     * @param value the unrounded channel count
     * @return the rounded channel count
     */
    public static int makeDivisible(double value) {
        int divisor = 8;
        int rounded = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value) {
            rounded += divisor;
        }
        return rounded;
    }
}
