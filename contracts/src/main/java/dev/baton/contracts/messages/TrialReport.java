package dev.baton.contracts.messages;

/**
 * One finished trial of an {@code auto} job's search, as carried by a TRIAL event: a leaderboard
 * row.
 *
 * @param number 1-based, in the order run
 * @param stage {@code head} (a classifier on features of the frozen base) or {@code depth} (a short
 *     fine-tune of the base's last blocks)
 * @param head the classifier
 * @param learningRate the learning rate
 * @param weightDecay the weight decay
 * @param unfreezeLastBlocks depth trials: how many of the base's last blocks trained; else 0
 * @param baseBlocks the blocks of the base
 * @param epochs epochs run
 * @param valAccuracy validation accuracy in [0, 1]
 * @param valLoss validation loss (null when it diverged)
 * @param seconds wall time
 * @param best whether it was the best of its stage when it finished
 * @param note why it ended early, or null
 */
public record TrialReport(int number, String stage, HeadType head, double learningRate, double weightDecay,
        int unfreezeLastBlocks, int baseBlocks, int epochs, double valAccuracy, Double valLoss, double seconds,
        boolean best, String note) {}
