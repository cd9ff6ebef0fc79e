package dev.baton.transfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MobileNetV2 inverted residual: {@code conv(x)} plus {@code x} when stride is 1 and input and
 * output channels match. The {@code conv} body (expand 1x1 → depthwise 3x3 → linear 1x1 → BN) is
 * built by {@link MobileNetV2}.
 */
public final class InvertedResidual extends AbstractBlock {

    private final Block conv;
    private final boolean residual;

    /**
     * @param conv the block body
     * @param residual whether to add the input to the output
     */
    public InvertedResidual(Block conv, boolean residual) {
        this.conv = addChildBlock("conv", conv);
        this.residual = residual;
    }

    /** @return whether the block adds its input to its output */
    public boolean isResidual() {
        return residual;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList out = conv.forward(parameterStore, inputs, training, params);
        if (!residual) {
            return out;
        }
        NDArray body = out.singletonOrThrow();
        NDArray sum = body.add(inputs.singletonOrThrow());
        if (body != inputs.singletonOrThrow()) {
            body.close(); // autograd keeps what backward needs; this only drops the Java handle
        }
        return new NDList(sum);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }
}
