package dev.baton.transfer.strategy;

import dev.baton.transfer.model.Backbone;
import java.util.List;

/**
 * The phases of a job, decided once before training: for each phase how many leading blocks of the
 * base are frozen, how many epochs it may run and at which base learning rate. {@code
 * TransferTrainer} consumes it; the trainer worker reads {@link #totalEpochs()} from it for its
 * progress events, so the two cannot disagree.
 *
 * @param phases the phases in order, numbered from 1
 */
public record PhasePlan(List<Phase> phases) {

    /**
     * One phase.
     *
     * @param number 1-based
     * @param frozenBlocks leading blocks of the base frozen in this phase
     * @param baseFrozen whether the whole base is frozen (its features can be cached)
     * @param epochs maximum epochs (early stopping may end it sooner)
     * @param learningRate the phase's base learning rate (of the head; the base may use a fraction)
     */
    public record Phase(int number, int frozenBlocks, boolean baseFrozen, int epochs, float learningRate) {}

    /** Copies the phases. */
    public PhasePlan {
        phases = List.copyOf(phases);
    }

    /**
     * @param strategy the strategy
     * @param boundary the fine-tuning boundary (FINE_TUNE, TWO_PHASE), else ignored
     * @param backbone the base, for its number of blocks
     * @param epochs epochs of the only phase (TWO_PHASE: of the fine-tune phase)
     * @param headEpochs TWO_PHASE: maximum epochs of the head phase
     * @param learningRate learning rate (TWO_PHASE: of the head phase)
     * @param fineTuneLearningRate TWO_PHASE: learning rate of the fine-tune phase
     * @return the plan
     * @throws InvalidFreezeBoundaryException if the boundary does not fit the base
     */
    public static PhasePlan of(TrainingStrategy strategy, FreezeBoundary boundary, Backbone backbone, int epochs,
            int headEpochs, float learningRate, float fineTuneLearningRate) {
        if ((strategy == TrainingStrategy.FINE_TUNE || strategy == TrainingStrategy.TWO_PHASE) && boundary == null) {
            throw new InvalidFreezeBoundaryException(strategy + " needs a freeze boundary", null);
        }
        int all = backbone.blocks().size();
        return switch (strategy) {
            case FULL -> new PhasePlan(List.of(new Phase(1, 0, all == 0, epochs, learningRate)));
            case FEATURE_EXTRACTION -> new PhasePlan(List.of(new Phase(1, all, true, epochs, learningRate)));
            case FINE_TUNE -> {
                int frozen = boundary.frozenBlockCount(backbone);
                yield new PhasePlan(List.of(new Phase(1, frozen, frozen == all, epochs, learningRate)));
            }
            case TWO_PHASE -> {
                int frozen = boundary.frozenBlockCount(backbone);
                yield new PhasePlan(List.of(new Phase(1, all, true, headEpochs, learningRate),
                        new Phase(2, frozen, frozen == all, epochs, fineTuneLearningRate)));
            }
        };
    }

    /**
     * @param strategy the strategy
     * @param epochs epochs of the only phase (TWO_PHASE: of the fine-tune phase)
     * @param headEpochs TWO_PHASE: maximum epochs of the head phase
     * @return the epochs a job runs if no phase stops early (needs no backbone)
     */
    public static int plannedEpochs(TrainingStrategy strategy, int epochs, int headEpochs) {
        return strategy == TrainingStrategy.TWO_PHASE ? headEpochs + epochs : epochs;
    }

    /** @return the number of phases */
    public int phaseCount() {
        return phases.size();
    }

    /**
     * @param number 1-based phase number
     * @return that phase
     */
    public Phase phase(int number) {
        return phases.get(number - 1);
    }

    /** @return the epochs of all phases if none stops early */
    public int totalEpochs() {
        return phases.stream().mapToInt(Phase::epochs).sum();
    }

    /**
     * @param number 1-based phase number
     * @return the epochs of the phases after it
     */
    public int epochsAfter(int number) {
        return phases.stream().filter(p -> p.number() > number).mapToInt(Phase::epochs).sum();
    }

    /**
     * Freezes the base for a phase.
     *
     * @param backbone the base
     * @param number 1-based phase number
     */
    public void apply(Backbone backbone, int number) {
        backbone.freezeFirst(phase(number).frozenBlocks());
    }
}
