package dev.baton.transfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Predicate;

/**
 * A {@link SequentialBlock} that closes each intermediate result as soon as the next child has
 * consumed it, instead of leaving it attached to the caller's {@link ai.djl.ndarray.NDManager}
 * until that manager closes.
 *
 * <p>DJL attaches every op result to the manager of its input, so a plain sequential forward keeps
 * all activations of the pass alive at once (peak memory = their sum). Closing the Java handle of
 * an intermediate only drops this reference to the libtorch tensor: while training, autograd still
 * holds the tensors backward needs, so gradients are unchanged. The block's own inputs are never
 * closed (they belong to the caller), nor is anything a child passes through unchanged.
 *
 * <p>A block made with {@link #channelsLast} may first put its input into channels-last memory
 * format ({@link ChannelsLast}); the converted copy is an intermediate like any other.
 */
final class ReleasingSequentialBlock extends SequentialBlock {

    /** Given a forward's {@code training} flag, whether to convert the input to channels-last. */
    private final Predicate<Boolean> channelsLastEntry;

    ReleasingSequentialBlock() {
        this(training -> false);
    }

    private ReleasingSequentialBlock(Predicate<Boolean> channelsLastEntry) {
        this.channelsLastEntry = channelsLastEntry;
    }

    /**
     * @param when given a forward's {@code training} flag, whether that forward converts its single
     *     input to channels-last before the first child
     * @return such a block
     */
    static ReleasingSequentialBlock channelsLast(Predicate<Boolean> when) {
        return new ReleasingSequentialBlock(when);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        if (inputs.size() == 1 && channelsLastEntry.test(training)) {
            NDArray converted = ChannelsLast.convert(inputs.head());
            if (converted != inputs.head()) {
                current = new NDList(converted);
            }
        }
        for (Block child : getChildren().values()) {
            NDList next = child.forward(parameterStore, current, training, params);
            if (current != inputs) {
                release(current, inputs, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes every array of {@code done} that is neither one of {@code keep1} nor of {@code keep2}. */
    static void release(NDList done, NDList keep1, NDList keep2) {
        for (NDArray a : done) {
            if (!containsSame(keep1, a) && !containsSame(keep2, a)) {
                a.close();
            }
        }
    }

    private static boolean containsSame(NDList list, NDArray a) {
        for (NDArray b : list) {
            if (b == a) {
                return true;
            }
        }
        return false;
    }
}
