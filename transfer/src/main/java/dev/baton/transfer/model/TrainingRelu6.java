package dev.baton.transfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * ReLU6 for blocks that train: libtorch's {@code hardtanh(x, 0, 6)}, run as a one-op TorchScript
 * module ({@code relu6.pt}, made by {@code transfer/src/main/torchscript/make_relu6.py}), so that
 * autograd records one {@code HardtanhBackward} node.
 *
 * <p>Why not DJL's own ops: DJL has no ReLU6 op, and the backward of the ones that compose it is
 * expensive. {@code minimum} and tensor-bounded {@code clip} record backward nodes that take four to
 * five passes over the activation (where, eq or ge and le, div, masked_fill); on MobileNetV2 at
 * 96 px they cost 45 ms of a 210 ms FULL training step, where PyTorch's hardtanh and its single-pass
 * backward cost 7 ms. In inference mode (no backward) relu + minimum stays cheaper than the
 * TorchScript call, so {@link ConvBatchNorm} uses this class only while training.
 *
 * <p>The module holds no parameters and is shared by all blocks and threads: its forward only reads
 * its input. It is loaded once, from the classpath, on first use.
 */
final class TrainingRelu6 {

    private static final String RESOURCE = "relu6.pt";
    private static volatile PtSymbolBlock module;

    private TrainingRelu6() {
    }

    /**
     * @param parameterStore the calling block's parameter store (the module has no parameters)
     * @param x an activation, on any device
     * @return {@code min(max(x, 0), 6)}, attached to {@code x}'s manager; gradients flow through it
     */
    static NDArray apply(ParameterStore parameterStore, NDArray x) {
        NDArray out = module().forward(parameterStore, new NDList(x), true).singletonOrThrow();
        out.attach(x.getManager());
        return out;
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock m = module;
        if (m == null) {
            synchronized (TrainingRelu6.class) {
                m = module;
                if (m == null) {
                    m = load();
                    module = m;
                }
            }
        }
        return m;
    }

    private static PtSymbolBlock load() {
        try (InputStream in = TrainingRelu6.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath of " + TrainingRelu6.class);
            }
            // a manager of its own that lives as long as the process: the module is shared
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager();
            PtSymbolBlock block = JniUtils.loadModule(manager, in, false, false);
            // training mode once and for all: forward is only ever called with training=true, so the
            // block never flips the module's mode while another thread uses it
            JniUtils.enableTrainingMode(block);
            return block;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
