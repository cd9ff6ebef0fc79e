package dev.baton.transfer.auto;

import dev.baton.transfer.model.HeadType;

/**
 * One finished trial of the {@code auto} search, as reported to users (a leaderboard row).
 *
 * @param number 1-based, in the order run
 * @param stage what was tried
 * @param head the classifier
 * @param learningRate the head's learning rate
 * @param weightDecay the weight decay
 * @param unfreezeLastBlocks DEPTH: how many of the base's last blocks trained (the base has {@code
 *     baseBlocks}); HEAD: 0
 * @param baseBlocks the number of blocks of the base
 * @param epochs epochs run (HEAD), or the fraction of an epoch trained rounded up (DEPTH)
 * @param bestEpoch the epoch whose weights scored {@code valAccuracy}
 * @param valAccuracy validation accuracy, in [0, 1] (0 when it diverged)
 * @param valLoss validation loss (NaN when it diverged)
 * @param seconds wall time of the trial
 * @param trainSecondsPerImage DEPTH: measured training time per image at this depth; HEAD: 0
 * @param note why it ended early (diverged), or empty
 */
public record Trial(
        int number,
        Stage stage,
        HeadType head,
        float learningRate,
        float weightDecay,
        int unfreezeLastBlocks,
        int baseBlocks,
        int epochs,
        int bestEpoch,
        double valAccuracy,
        double valLoss,
        double seconds,
        double trainSecondsPerImage,
        String note) {

    /** What a trial tries. */
    public enum Stage {
        /** A classifier and learning rate on cached features of the frozen base. */
        HEAD,
        /** A short fine-tune of the last blocks of the base, from the best head. */
        DEPTH
    }

    /**
     * @param other another trial
     * @return whether this one scored better: higher validation accuracy, then lower loss
     */
    public boolean beats(Trial other) {
        if (other == null) {
            return true;
        }
        if (valAccuracy != other.valAccuracy) {
            return valAccuracy > other.valAccuracy;
        }
        return !Double.isNaN(valLoss) && (Double.isNaN(other.valLoss) || valLoss < other.valLoss);
    }

    /** @return a one-line description of the settings */
    public String settings() {
        String what = stage == Stage.HEAD ? "head " + head.name().toLowerCase()
                : "fine-tune last " + unfreezeLastBlocks + "/" + baseBlocks + " blocks, head " + head.name().toLowerCase();
        return String.format("%s, lr %.2g, weight decay %.2g", what, learningRate, weightDecay);
    }
}
