package dev.baton.transfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * A forward pass of a whole model closes its intermediates as it goes: afterwards only the input
 * and the output are attached to the caller's manager (DJL would otherwise keep every activation
 * of the pass there), and the model's own manager does not grow from one pass to the next (the
 * BatchNorm fold's temporaries are closed too), in inference and in training, for every base and
 * head.
 */
class ForwardReleaseTest {

    private static void assertOnlyOutputRemains(String base, HeadSpec head, boolean training, boolean frozen) {
        Engine.getInstance().setRandomSeed(4);
        Backbone backbone = BackboneFactory.create(base, BackboneConfig.torch(0.25, 32));
        try (TransferModel model = TransferModel.create(backbone, HeadFactory.create(head, 3), Device.cpu())) {
            for (Parameter p : model.parameters().values()) {
                if (FreezableBlock.isTrainable(p)) {
                    p.getArray().setRequiresGradient(true);
                }
            }
            backbone.freezeFirst(frozen ? backbone.blocks().size() / 2 : 0);
            String what = base + " " + head.type() + " training=" + training + " frozen=" + frozen;
            int[] modelArrays = new int[2];
            for (int pass = 0; pass < 2; pass++) {
                try (NDManager scope = model.manager().newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = scope.randomNormal(new Shape(2, 3, 32, 32));
                    NDArray out = model.block().forward(new ParameterStore(scope, false), new NDList(x), training)
                            .singletonOrThrow();
                    assertEquals(2, scope.getManagedArrays().size(), what + ": " + scope.getManagedArrays());
                    assertEquals(new Shape(2, 3), out.getShape());
                    if (training) {
                        gc.backward(out.sum());
                    }
                }
                // the first pass may cache folded weights of frozen blocks; later passes add nothing
                modelArrays[pass] = model.manager().getManagedArrays().size();
            }
            assertEquals(modelArrays[0], modelArrays[1], what);
        }
    }

    @Test
    void onlyTheOutputOfAForwardPassStaysAttached() {
        for (HeadSpec head : new HeadSpec[] {HeadSpec.gap(0.2f), HeadSpec.svm(1e-3f), HeadSpec.dense(8, 0.5f)}) {
            assertOnlyOutputRemains("mobilenet_v2", head, false, false);
            assertOnlyOutputRemains("mobilenet_v2", head, true, false);
            assertOnlyOutputRemains("mobilenet_v2", head, true, true);
        }
        assertOnlyOutputRemains("vgg16", HeadSpec.gap(0.2f), false, false);
        assertOnlyOutputRemains("vgg16", HeadSpec.gap(0.2f), true, true);
    }
}
