package dev.baton.transfer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a checkpoint after every epoch and reports it as {@link ProgressEvent.Checkpointed}. */
public final class CheckpointListener implements EpochListener {

    private final CheckpointStore store;
    private final List<String> classNames;
    private final String weightsProvenance;
    private final ProgressCallback callback;

    /**
     * @param store where checkpoints go
     * @param classNames class names, stored in the checkpoint
     * @param weightsProvenance starting-weights description, stored in the checkpoint
     * @param callback receives a Checkpointed event per checkpoint (may be null)
     */
    public CheckpointListener(
            CheckpointStore store,
            List<String> classNames,
            String weightsProvenance,
            ProgressCallback callback) {
        this.store = store;
        this.classNames = List.copyOf(classNames);
        this.weightsProvenance = weightsProvenance;
        this.callback = callback;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        CheckpointState state = new CheckpointState(
                CheckpointState.FORMAT_VERSION,
                context.jobId(),
                context.spec(),
                classNames,
                weightsProvenance,
                context.epoch(),
                context.phase(),
                context.epochInPhase(),
                context.phaseEnding(),
                context.spec().seed(),
                context.optimizer().learningRate(),
                context.history(),
                context.best().epoch());
        try {
            Path dir = store.save(state, context.model(), context.optimizer(), context.best());
            if (callback != null) {
                callback.onEvent(new ProgressEvent.Checkpointed(context.jobId(), context.epoch(), dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint of epoch " + context.epoch() + " failed", e);
        }
    }
}
