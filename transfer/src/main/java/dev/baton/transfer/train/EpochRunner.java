package dev.baton.transfer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Map;

/**
 * Runs one pass over a dataset through a block: a training pass (forward, loss, backward,
 * optimizer step) or an evaluation pass (inference mode, optional confusion matrix). Every batch
 * runs in its own {@link NDManager} that is closed after the batch, so memory does not grow with
 * the number of batches.
 */
public final class EpochRunner {

    /**
     * Totals of one pass.
     *
     * @param loss mean loss
     * @param accuracy accuracy in [0, 1]
     * @param images images seen
     * @param nanos wall time
     * @param confusion {@code [actual][predicted]} counts, or null
     */
    public record PassStats(double loss, double accuracy, long images, long nanos, int[][] confusion) {}

    /** Called around every training batch (learning-rate schedule, divergence check). */
    public interface BatchHooks {
        /** No hooks. */
        BatchHooks NONE = new BatchHooks() {};

        /** @param index the batch, 0-based */
        default void beforeBatch(int index) {}

        /**
         * @param index the batch, 0-based
         * @param loss its mean loss
         */
        default void afterBatch(int index, float loss) {}
    }

    private final Block block;
    private final Map<String, Parameter> parameters;
    private final Loss loss;
    private final StatefulOptimizer optimizer;
    private final NDManager manager;
    private final ParameterStore parameterStore;

    /**
     * @param block the block to run (whole model, or only the head on cached features)
     * @param parameters the parameters the optimizer may update (frozen ones are skipped)
     * @param loss the training loss
     * @param optimizer the optimizer
     * @param manager parent manager of the per-batch managers (on the model's device)
     */
    public EpochRunner(Block block, Map<String, Parameter> parameters, Loss loss, StatefulOptimizer optimizer,
            NDManager manager) {
        this.block = block;
        this.parameters = parameters;
        this.loss = loss;
        this.optimizer = optimizer;
        this.manager = manager;
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * @param dataset the data
     * @return the pass's totals
     * @throws IOException on data I/O failure
     * @throws TranslateException if a batch cannot be made
     */
    public PassStats train(Dataset dataset) throws IOException, TranslateException {
        return train(dataset, BatchHooks.NONE);
    }

    /**
     * @param dataset the data
     * @param hooks called around every batch
     * @return the pass's totals
     * @throws IOException on data I/O failure
     * @throws TranslateException if a batch cannot be made
     */
    public PassStats train(Dataset dataset, BatchHooks hooks) throws IOException, TranslateException {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        int index = 0;
        StatefulOptimizer.zeroGradients(parameters);
        for (Batch batch : dataset.getData(manager)) {
            hooks.beforeBatch(index);
            float batchLoss;
            try (batch; NDManager scope = manager.newSubManager()) {
                NDList data = batch.getData().toDevice(manager.getDevice(), false);
                NDList labels = batch.getLabels().toDevice(manager.getDevice(), false);
                data.attach(scope);
                labels.attach(scope);
                long n = data.head().getShape().get(0);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = block.forward(parameterStore, data, true);
                    NDArray value = loss.evaluate(labels, out);
                    collector.backward(value);
                    batchLoss = value.getFloat();
                    lossSum += batchLoss * n;
                    correct += correct(out.singletonOrThrow(), labels.singletonOrThrow());
                }
                optimizer.step(parameters);
                images += n;
            }
            hooks.afterBatch(index++, batchLoss);
        }
        return new PassStats(lossSum / images, (double) correct / images, images, System.nanoTime() - start, null);
    }

    /**
     * @param dataset the data
     * @param numClasses number of classes
     * @param withConfusion whether to count the confusion matrix
     * @return the pass's totals
     * @throws IOException on data I/O failure
     * @throws TranslateException if a batch cannot be made
     */
    public PassStats evaluate(Dataset dataset, int numClasses, boolean withConfusion)
            throws IOException, TranslateException {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        int[][] confusion = withConfusion ? new int[numClasses][numClasses] : null;
        for (Batch batch : dataset.getData(manager)) {
            try (batch; NDManager scope = manager.newSubManager()) {
                NDList data = batch.getData().toDevice(manager.getDevice(), false);
                NDList labels = batch.getLabels().toDevice(manager.getDevice(), false);
                data.attach(scope);
                labels.attach(scope);
                long n = data.head().getShape().get(0);
                NDList out = block.forward(parameterStore, data, false);
                lossSum += loss.evaluate(labels, out).getFloat() * n;
                NDArray scores = out.singletonOrThrow();
                correct += correct(scores, labels.singletonOrThrow());
                if (confusion != null) {
                    long[] predicted = scores.argMax(1).toLongArray();
                    long[] actual = labels.singletonOrThrow().toType(DataType.INT64, false).reshape(-1).toLongArray();
                    for (int i = 0; i < predicted.length; i++) {
                        confusion[(int) actual[i]][(int) predicted[i]]++;
                    }
                }
                images += n;
            }
        }
        return new PassStats(lossSum / images, (double) correct / images, images, System.nanoTime() - start, confusion);
    }

    private static long correct(NDArray scores, NDArray labels) {
        NDArray predicted = scores.argMax(1);
        NDArray actual = labels.toType(DataType.INT64, false).reshape(-1);
        return predicted.eq(actual).countNonzero().getLong();
    }
}
