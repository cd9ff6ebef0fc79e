package dev.baton.transfer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One named block of a backbone that can be frozen.
 *
 * <p>Freezing does two things: it freezes the trainable parameters (via {@link
 * Block#freezeParameters(boolean, java.util.function.Predicate)}, so the optimizer skips them)
 * and it forwards the wrapped block with {@code training=false}, so BatchNorm layers use and keep
 * their running statistics and dropout is off. Parameter freezing alone would still let BatchNorm
 * move its running mean/variance during training.
 *
 * <p>In inference mode BatchNorm is an affine map, so {@link ConvBatchNorm} folds it into the
 * preceding convolution; while the block is frozen the folded weights are cached. Freezing or
 * unfreezing drops that cache, so after overwriting a frozen block's parameter values in place,
 * freeze it again.
 */
public final class FreezableBlock extends AbstractBlock {

    private final String name;
    private final Block inner;
    private volatile boolean frozen;

    /**
     * @param name the block's name in its backbone (e.g. "block3", "features.7")
     * @param inner the wrapped layers
     */
    public FreezableBlock(String name, Block inner) {
        this.name = name;
        this.inner = addChildBlock("inner", inner);
    }

    /** @return the block's name in its backbone */
    public String name() {
        return name;
    }

    /** @return whether the block is frozen */
    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Freezes or unfreezes the block. Running statistics (BatchNorm mean/variance) never take
     * gradients either way.
     *
     * @param freeze true to freeze
     */
    public void setFrozen(boolean freeze) {
        this.frozen = freeze;
        inner.freezeParameters(freeze, FreezableBlock::isTrainable);
        setFoldCaching(inner, freeze);
    }

    private static void setFoldCaching(Block block, boolean on) {
        if (block instanceof ConvBatchNorm cbn) {
            cbn.setFoldCaching(on);
        }
        block.getChildren().values().forEach(child -> setFoldCaching(child, on));
    }

    /**
     * @param parameter a parameter
     * @return whether the parameter is learned by gradient descent (not a running statistic)
     */
    public static boolean isTrainable(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        return type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return inner.forward(parameterStore, inputs, training && !frozen, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inner.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
    }
}
