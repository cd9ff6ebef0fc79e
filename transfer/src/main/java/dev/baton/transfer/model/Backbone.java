package dev.baton.transfer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A convolutional feature extractor (the "base" of transfer learning): a sequence of named
 * {@link FreezableBlock}s and its parameters under torchvision names.
 *
 * <p>Block names say where freezing stops (VGG16: {@code block1..block5}; MobileNetV2: {@code
 * features.0..features.18}). {@link #parameters()} maps torchvision {@code state_dict} names to
 * DJL parameters, so weight importers can copy arrays by name after {@link Block#initialize}.
 *
 * <p>The forward pass closes each block's output once the next block has consumed it, so a pass
 * holds the working set of activations rather than all of them. On CPU it may first put its input
 * into channels-last memory format ({@link ChannelsLast}: always for MobileNetV2, for VGG16 only
 * when no block trains), which spares oneDNN a layout reorder before and after every convolution;
 * shapes and values are NCHW as before.
 */
public final class Backbone {

    private final String baseName;
    private final BackboneConfig config;
    private final List<FreezableBlock> blocks;
    private final SequentialBlock block;
    private final Map<String, Parameter> parameters;
    private final int outputChannels;
    private final ChannelsLast.Policy channelsLast;

    /**
     * @param baseName e.g. "vgg16"
     * @param config the shape options it was built with
     * @param blocks the named blocks in forward order
     * @param parameters parameters under torchvision names
     * @param outputChannels channels of the output feature map
     * @param channelsLast when the forward pass first puts its input into channels-last memory
     *     format on CPU ({@link ChannelsLast}; a measured choice per architecture)
     */
    Backbone(
            String baseName,
            BackboneConfig config,
            List<FreezableBlock> blocks,
            Map<String, Parameter> parameters,
            int outputChannels,
            ChannelsLast.Policy channelsLast) {
        this.baseName = baseName;
        this.config = config;
        this.blocks = List.copyOf(blocks);
        this.parameters = Collections.unmodifiableMap(parameters);
        this.outputChannels = outputChannels;
        this.channelsLast = channelsLast;
        this.block = ReleasingSequentialBlock.channelsLast(this::runsChannelsLast);
        blocks.forEach(block::add);
    }

    /**
     * @param training the forward's training flag
     * @return whether that forward runs channels-last on CPU ({@link ChannelsLast.Policy})
     */
    boolean runsChannelsLast(boolean training) {
        return switch (channelsLast) {
            case ALWAYS -> true;
            case WHEN_NOTHING_TRAINS -> !training || frozenCount() == blocks.size();
            case NEVER -> false;
        };
    }

    /** @return the base model name, e.g. "mobilenet_v2" */
    public String baseName() {
        return baseName;
    }

    /** @return the shape options */
    public BackboneConfig config() {
        return config;
    }

    /** @return the whole feature extractor as one DJL block (NCHW in, NCHW feature map out) */
    public Block block() {
        return block;
    }

    /** @return the named blocks, in forward order */
    public List<FreezableBlock> blocks() {
        return blocks;
    }

    /** @return the block names, in forward order */
    public List<String> blockNames() {
        List<String> names = new ArrayList<>(blocks.size());
        blocks.forEach(b -> names.add(b.name()));
        return names;
    }

    /**
     * @param name a block name
     * @return its position in forward order
     * @throws UnknownBlockException if there is no such block
     */
    public int indexOf(String name) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new UnknownBlockException(baseName, name, blockNames());
    }

    /** @return parameters keyed by torchvision state_dict name (insertion = network order) */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** @return channels of the output feature map */
    public int outputChannels() {
        return outputChannels;
    }

    /**
     * @param batchSize batch size
     * @return NCHW shape of the feature map for this backbone's input size
     */
    public Shape outputShape(long batchSize) {
        return block.getOutputShapes(new Shape[] {inputShape(batchSize)})[0];
    }

    /**
     * @param batchSize batch size
     * @return NCHW input shape
     */
    public Shape inputShape(long batchSize) {
        return new Shape(batchSize, 3, config.inputSize(), config.inputSize());
    }

    /**
     * Freezes the first {@code count} blocks and unfreezes the rest.
     *
     * @param count number of leading blocks to freeze, 0..blocks().size()
     */
    public void freezeFirst(int count) {
        if (count < 0 || count > blocks.size()) {
            throw new IllegalArgumentException("count must be in 0.." + blocks.size());
        }
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).setFrozen(i < count);
        }
    }

    /** @return how many leading blocks are frozen (blocks are frozen as a prefix) */
    public int frozenCount() {
        int n = 0;
        while (n < blocks.size() && blocks.get(n).isFrozen()) {
            n++;
        }
        return n;
    }
}
