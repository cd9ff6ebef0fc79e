package dev.baton.transfer.auto;

import dev.baton.transfer.train.TrainingResult;

/**
 * A finished {@code auto} job: the model it chose (owned; close it, or hand it to a bundle writer
 * first) and the search that chose it.
 *
 * @param result the trained model and its metrics
 * @param search every trial and the decision
 */
public record AutoResult(TrainingResult result, SearchState search) implements AutoCloseable {

    @Override
    public void close() {
        result.close();
    }
}
