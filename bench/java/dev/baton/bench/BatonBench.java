package dev.baton.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.FreezableBlock;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.train.MomentumSgd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Baton (DJL, Java) side of the training/inference throughput benchmark; the PyTorch side is
 * bench/pytorch_reference.py with the same options and workload: the Baton backbone
 * (dev.baton.transfer.model, random init) + GAP head (dropout 0.2), synthetic N(0,1) inputs from a
 * fixed seed, SGD momentum 0.9 (Baton's MomentumSgd), softmax cross-entropy, warm-up then timed
 * iterations. Prints one JSON line. Not a test.
 */
public final class BatonBench {
    private BatonBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        String modelName = a.get("model", "mobilenet_v2");
        int size = a.getInt("size", 224);
        String mode = a.get("mode", "train");
        String strategy = a.get("strategy", "FULL");
        int batch = a.getInt("batch", 8);
        int warmup = a.getInt("warmup", 2);
        int iters = a.getInt("iters", 5);
        int threads = a.getInt("threads", 2);
        int seed = a.getInt("seed", 42);
        int classes = a.getInt("classes", 10);

        Engine engine = Engine.getInstance();
        engine.setRandomSeed(seed);
        Backbone backbone = BackboneFactory.create(modelName, BackboneConfig.torch(1.0, size));
        try (TransferModel model = TransferModel.create(backbone,
                HeadFactory.create(HeadSpec.gap(0.2f), classes), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = manager.randomNormal(new Shape(batch, 3, size, size));
            NDArray y = manager.randomInteger(0, classes, new Shape(batch), DataType.INT64)
                    .toType(DataType.FLOAT32, false);
            ParameterStore ps = new ParameterStore(manager, false);
            Runnable step;
            if (mode.equals("infer")) {
                // as a loaded bundle runs (ModelBundle.load freezes every block): frozen blocks keep
                // their BatchNorm folded into the convolutions
                backbone.freezeFirst(backbone.blocks().size());
                step = () -> {
                    try (NDManager sub = manager.newSubManager()) {
                        NDList out = model.block().forward(ps, new NDList(inSub(x, sub)), false);
                        out.head().sum().getFloat();
                    }
                };
            } else {
                Map<String, Parameter> params = trainable(model);
                if (strategy.equals("FEATURE_EXTRACTION")) {
                    backbone.freezeFirst(backbone.blocks().size());
                }
                MomentumSgd sgd = new MomentumSgd(manager, 0.01f, 0.9f);
                Loss loss = Loss.softmaxCrossEntropyLoss();
                step = () -> {
                    try (NDManager sub = manager.newSubManager()) {
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDList out = model.block().forward(ps, new NDList(inSub(x, sub)), true);
                            NDArray l = loss.evaluate(new NDList(inSub(y, sub)), out);
                            gc.backward(l);
                        }
                        sgd.step(params);
                    }
                };
            }
            for (int i = 0; i < warmup; i++) {
                step.run();
            }
            long t0 = System.nanoTime();
            long c0 = BenchArgs.processCpuNanos();
            for (int i = 0; i < iters; i++) {
                step.run();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (BenchArgs.processCpuNanos() - c0) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("framework", "baton-djl");
            r.put("version", "djl " + Engine.getDjlVersion() + " / pytorch " + engine.getVersion());
            r.put("model", modelName);
            r.put("size", size);
            r.put("mode", mode);
            r.put("strategy", mode.equals("train") ? strategy : "-");
            r.put("batch", batch);
            r.put("threads", threads);
            r.put("iters", iters);
            r.put("seconds", Math.round(seconds * 1e4) / 1e4);
            r.put("images_per_s", Math.round(batch * iters / seconds * 1e3) / 1e3);
            r.put("cpu_seconds", Math.round(cpuSeconds * 1e4) / 1e4);
            r.put("images_per_cpu_s", Math.round(batch * iters / cpuSeconds * 1e3) / 1e3);
            r.put("vmhwm_mb", BenchArgs.vmHwmMb());
            System.out.println(new ObjectMapper().writeValueAsString(r));
        }
    }

    /**
     * A copy of {@code a} owned by {@code sub}: DJL attaches every intermediate result (activations,
     * loss) to the manager of the input, so each iteration must feed an input it frees afterwards,
     * as DJL's Trainer does with its per-batch manager. Feeding a long-lived array leaks them all.
     */
    private static NDArray inSub(NDArray a, NDManager sub) {
        NDArray copy = a.duplicate();
        copy.attach(sub);
        return copy;
    }

    /** Attaches gradients to every learnable parameter (not BatchNorm running statistics). */
    private static Map<String, Parameter> trainable(TransferModel model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
            if (FreezableBlock.isTrainable(e.getValue())) {
                e.getValue().getArray().setRequiresGradient(true);
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
