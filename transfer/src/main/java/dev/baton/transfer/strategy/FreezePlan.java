package dev.baton.transfer.strategy;

import dev.baton.transfer.model.Backbone;

/**
 * Applies a {@link TrainingStrategy} to a backbone: decides how many leading blocks are frozen in
 * each phase and freezes them (parameters frozen and BatchNorm in inference mode, see {@link
 * dev.baton.transfer.model.FreezableBlock}).
 */
public final class FreezePlan {

    private final TrainingStrategy strategy;
    private final FreezeBoundary boundary;

    /**
     * @param strategy the strategy
     * @param boundary the boundary (required for FINE_TUNE and TWO_PHASE, ignored otherwise)
     */
    public FreezePlan(TrainingStrategy strategy, FreezeBoundary boundary) {
        if ((strategy == TrainingStrategy.FINE_TUNE || strategy == TrainingStrategy.TWO_PHASE)
                && boundary == null) {
            throw new InvalidFreezeBoundaryException(strategy + " needs a freeze boundary", null);
        }
        this.strategy = strategy;
        this.boundary = boundary;
    }

    /** @return 1, or 2 for TWO_PHASE */
    public int phaseCount() {
        return strategy == TrainingStrategy.TWO_PHASE ? 2 : 1;
    }

    /**
     * @param backbone the backbone
     * @param phase 1 or 2
     * @return how many leading blocks are frozen in that phase
     */
    public int frozenBlockCount(Backbone backbone, int phase) {
        int all = backbone.blocks().size();
        return switch (strategy) {
            case FULL -> 0;
            case FEATURE_EXTRACTION -> all;
            case FINE_TUNE -> boundary.frozenBlockCount(backbone);
            case TWO_PHASE -> phase == 1 ? all : boundary.frozenBlockCount(backbone);
        };
    }

    /**
     * Freezes the backbone for a phase.
     *
     * @param backbone the backbone
     * @param phase 1 or 2
     */
    public void apply(Backbone backbone, int phase) {
        backbone.freezeFirst(frozenBlockCount(backbone, phase));
    }

    /**
     * @param backbone the backbone
     * @param phase 1 or 2
     * @return whether the whole backbone is frozen in that phase (features can be cached)
     */
    public boolean backboneFrozen(Backbone backbone, int phase) {
        return frozenBlockCount(backbone, phase) == backbone.blocks().size();
    }

    /** @return the strategy */
    public TrainingStrategy strategy() {
        return strategy;
    }
}
