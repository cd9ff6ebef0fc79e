package dev.baton.transfer.train;

/**
 * The training loss became NaN or infinite: the job diverged and its weights are garbage. Nothing
 * may be published; the usual cause is a learning rate too high for the data and the head.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final float learningRate;

    /**
     * @param epoch the global epoch where it happened
     * @param batch the batch within the epoch, 0-based
     * @param loss the loss seen
     * @param learningRate the learning rate in use
     */
    public TrainingDivergedException(int epoch, int batch, double loss, float learningRate) {
        super("training diverged: the loss became " + loss + " in epoch " + epoch + " (batch " + (batch + 1)
                + ") at learning rate " + learningRate + "; lower the learning rate (for example to "
                + suggested(learningRate) + ") or use strategy 'auto', which searches for one");
        this.epoch = epoch;
        this.learningRate = learningRate;
    }

    /**
     * The loss grew instead of falling.
     *
     * @param epoch the global epoch where it was seen
     * @param firstLoss the phase's first training loss
     * @param loss the epoch's training loss
     * @param learningRate the learning rate in use
     */
    public TrainingDivergedException(int epoch, double firstLoss, double loss, float learningRate) {
        super(String.format("training diverged: the training loss grew from %.3g to %.3g by epoch %d at learning rate "
                + "%s while validation accuracy stayed near chance; lower the learning rate (for example to %s) or use "
                + "strategy 'auto', which searches for one", firstLoss, loss, epoch, learningRate, suggested(learningRate)));
        this.epoch = epoch;
        this.learningRate = learningRate;
    }

    private static String suggested(float learningRate) {
        return String.format("%.2g", learningRate / 10);
    }

    /** @return the global epoch where the loss diverged */
    public int epoch() {
        return epoch;
    }

    /** @return the learning rate in use then */
    public float learningRate() {
        return learningRate;
    }
}
