package dev.baton.transfer.strategy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.UnknownBlockException;

/**
 * Where freezing stops in a backbone: either "unfreeze the last N blocks" or "train from the
 * block named X on" (X and everything after it are trained, everything before is frozen).
 *
 * @param unfreezeLastBlocks number of trailing blocks to train, or -1 when {@code firstTrainableBlock} is used
 * @param firstTrainableBlock name of the first trained block, or null when counting
 */
public record FreezeBoundary(
        @JsonProperty("unfreezeLastBlocks") int unfreezeLastBlocks,
        @JsonProperty("firstTrainableBlock") String firstTrainableBlock) {

    /** Validates that exactly one form is used. */
    @JsonCreator
    public FreezeBoundary {
        if ((firstTrainableBlock == null) == (unfreezeLastBlocks < 0)) {
            throw new IllegalArgumentException(
                    "use exactly one of unfreezeLastBlocks (≥ 0) or firstTrainableBlock");
        }
    }

    /**
     * @param blocks number of trailing backbone blocks to train
     * @return the boundary
     */
    public static FreezeBoundary unfreezeLast(int blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks must be ≥ 0, was " + blocks);
        }
        return new FreezeBoundary(blocks, null);
    }

    /**
     * @param blockName the first block to train, e.g. "block4" or "features.14"
     * @return the boundary
     */
    public static FreezeBoundary trainFrom(String blockName) {
        return new FreezeBoundary(-1, blockName);
    }

    /**
     * @param backbone the backbone
     * @return how many leading blocks are frozen
     * @throws InvalidFreezeBoundaryException if the boundary does not fit the backbone
     */
    public int frozenBlockCount(Backbone backbone) {
        int total = backbone.blocks().size();
        if (firstTrainableBlock != null) {
            try {
                return backbone.indexOf(firstTrainableBlock);
            } catch (UnknownBlockException e) {
                throw new InvalidFreezeBoundaryException(e.getMessage(), e);
            }
        }
        if (unfreezeLastBlocks > total) {
            throw new InvalidFreezeBoundaryException(
                    backbone.baseName() + " has only " + total + " blocks, cannot unfreeze "
                            + unfreezeLastBlocks, null);
        }
        return total - unfreezeLastBlocks;
    }
}
