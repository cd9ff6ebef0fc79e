package dev.baton.transfer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * VGG16 feature extractor: 13 3x3 convolutions with ReLU in 5 blocks, each block ending in a 2x2
 * max pool. Parameters follow torchvision's {@code features.N} indices (convolutions at 0, 2, 5,
 * 7, 10, 12, 14, 17, 19, 21, 24, 26, 28). Blocks are named {@code block1..block5} (Keras names).
 */
public final class Vgg16 {

    /** The base model name. */
    public static final String NAME = "vgg16";

    private static final int[][] CHANNELS = {
        {64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}
    };

    private Vgg16() {}

    /**
     * @param config shape options (padding mode and epsilon are irrelevant: no BN, no stride-2
     *     convolutions)
     * @return a new, uninitialised backbone
     */
    public static Backbone build(BackboneConfig config) {
        TorchParameterNames names = new TorchParameterNames();
        ConvLayers layers = new ConvLayers(config, names);
        List<FreezableBlock> blocks = new ArrayList<>();
        int index = 0;
        int channels = 0;
        for (int b = 0; b < CHANNELS.length; b++) {
            SequentialBlock seq = new ReleasingSequentialBlock();
            for (int c : CHANNELS[b]) {
                channels = scaled(c, config.widthMultiplier());
                layers.conv(seq, "features." + index, channels, 3, 1, 1, true);
                seq.add(Activation.reluBlock());
                index += 2;
            }
            seq.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            index++;
            blocks.add(new FreezableBlock("block" + (b + 1), seq));
        }
        // channels-last made VGG16's FULL training at 224 px 15-20 % slower (large 3x3 convolutions,
        // whose backward oneDNN runs faster in its blocked layout) but its inference faster
        return new Backbone(NAME, config, blocks, names.asMap(), channels, ChannelsLast.Policy.WHEN_NOTHING_TRAINS);
    }

    private static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.round(channels * width));
    }
}
