package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.TransferModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The best epoch of a job so far (highest validation accuracy, ties broken by the lower validation
 * loss) and a copy of the model's parameters after it, so that the version published is the best
 * epoch and not merely the last one. A checkpoint stores the copy when it differs from the current
 * weights, so a resumed job still publishes the best epoch.
 */
public final class BestEpoch implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    private EpochMetrics metrics;

    /** @param parent the model's manager (the copy lives on the model's device) */
    BestEpoch(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** @return the best epoch's number, or 0 before the first epoch */
    public int epoch() {
        return metrics == null ? 0 : metrics.epoch();
    }

    /** @return the best epoch's metrics, or null before the first epoch */
    public EpochMetrics metrics() {
        return metrics;
    }

    /**
     * @param candidate a finished epoch
     * @param incumbent the best so far (may be null)
     * @return whether the candidate is better: higher validation accuracy, or equal with a lower
     *     loss; without validation figures the newest epoch wins
     */
    static boolean better(EpochMetrics candidate, EpochMetrics incumbent) {
        if (incumbent == null || Double.isNaN(incumbent.valAccuracy())) {
            return true;
        }
        if (Double.isNaN(candidate.valAccuracy())) {
            return false;
        }
        if (candidate.valAccuracy() != incumbent.valAccuracy()) {
            return candidate.valAccuracy() > incumbent.valAccuracy();
        }
        return candidate.valLoss() < incumbent.valLoss();
    }

    /**
     * Keeps the model's weights if this epoch is the best so far.
     *
     * @param epoch the finished epoch
     * @param model the model after it
     * @return whether it became the best
     */
    boolean offer(EpochMetrics epoch, TransferModel model) {
        if (!better(epoch, metrics)) {
            return false;
        }
        remember(epoch, model);
        return true;
    }

    /** Makes this epoch the best, with the model's current weights. */
    void remember(EpochMetrics epoch, TransferModel model) {
        clear();
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            NDArray copy = e.getValue().getArray().duplicate();
            copy.attach(manager);
            weights.put(e.getKey(), copy);
        }
        metrics = epoch;
    }

    /**
     * Restores a best epoch stored by {@link #write}.
     *
     * @param epoch its metrics
     * @param file the parameters file
     * @throws IOException on I/O failure
     */
    void read(EpochMetrics epoch, Path file) throws IOException {
        clear();
        try (NDManager scratch = manager.newSubManager()) {
            ParameterFile.read(file, scratch).forEach((name, array) ->
                    weights.put(name, OptimizerState.copyOnto(array, manager)));
        }
        metrics = epoch;
    }

    /**
     * @param file where to write the best epoch's parameters
     * @throws IOException on I/O failure
     */
    void write(Path file) throws IOException {
        ParameterFile.write(file, weights);
    }

    /**
     * Copies the best epoch's weights into the model.
     *
     * @param model the model (same architecture)
     */
    void restoreInto(TransferModel model) {
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            NDArray saved = weights.get(e.getKey());
            if (saved != null) {
                ParameterFile.copyInto(saved, e.getValue().getArray());
            }
        }
    }

    private void clear() {
        weights.values().forEach(NDArray::close);
        weights.clear();
        metrics = null;
    }

    @Override
    public void close() {
        clear();
        manager.close();
    }
}
