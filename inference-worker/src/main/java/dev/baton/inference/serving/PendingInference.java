package dev.baton.inference.serving;

import dev.baton.inference.model.LoadedModel;
import dev.baton.transfer.bundle.ClassScore;
import java.util.List;

/**
 * One request waiting for a batch: the model version it holds a reference on (released by the
 * batcher after the batch), its preprocessed input and where the outcome goes.
 *
 * @param model the acquired version
 * @param input CHW floats
 * @param topK classes wanted
 * @param takenNanos {@link System#nanoTime()} when the record was taken from Kafka
 * @param callback gets the outcome exactly once
 */
public record PendingInference(LoadedModel model, float[] input, int topK, long takenNanos, Callback callback) {

    /** Receives the outcome of one request. */
    public interface Callback {
        /**
         * @param version the version that predicted
         * @param top the classes, best first
         * @param queueNanos from taking the record until the batch started
         * @param computeNanos the batch's model time
         */
        void predicted(LoadedModel version, List<ClassScore> top, long queueNanos, long computeNanos);

        /** @param version the version that failed @param error why */
        void failed(LoadedModel version, Exception error);
    }
}
