package dev.baton.transfer.train;

import java.util.List;

/**
 * Ends a phase when the validation loss has not improved for {@code patience} epochs. It is
 * stateless: the decision is derived from the phase's metric history, so a resumed job decides
 * exactly as an uninterrupted one.
 */
public final class EarlyStoppingListener implements EpochListener {

    private final int patience;

    /**
     * @param patience epochs without improvement before stopping, ≥ 1
     */
    public EarlyStoppingListener(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be ≥ 1");
        }
        this.patience = patience;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        if (shouldStop(context.phaseHistory(), patience)) {
            context.requestPhaseStop();
        }
    }

    /**
     * @param phaseHistory metrics of a phase so far
     * @param patience epochs without improvement allowed
     * @return whether the last {@code patience} epochs did not beat the best earlier loss
     */
    static boolean shouldStop(List<EpochMetrics> phaseHistory, int patience) {
        int best = 0;
        for (int i = 1; i < phaseHistory.size(); i++) {
            if (phaseHistory.get(i).valLoss() < phaseHistory.get(best).valLoss()) {
                best = i;
            }
        }
        return phaseHistory.size() - 1 - best >= patience;
    }
}
