package dev.baton.transfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The TorchScript ReLU6 of training blocks is min(max(x, 0), 6) with ReLU6's gradient. */
class TrainingRelu6Test {

    @Test
    void valuesAndGradientAreReLU6s() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] in = {-3f, -0.5f, 0.25f, 1f, 5.5f, 5.99f, 6.5f, 100f};
            NDArray x = manager.create(in);
            x.setRequiresGradient(true);
            float[] out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = TrainingRelu6.apply(new ParameterStore(manager, false), x);
                out = y.toFloatArray();
                // weights per element, so a wrong mask or a swapped element would show in the gradient
                gc.backward(y.mul(manager.arange(1f, 9f)).sum());
            }
            assertArrayEquals(new float[] {0f, 0f, 0.25f, 1f, 5.5f, 5.99f, 6f, 6f}, out);
            assertArrayEquals(new float[] {0f, 0f, 3f, 4f, 5f, 6f, 0f, 0f}, x.getGradient().toFloatArray(),
                    "1 inside (0, 6), 0 outside, times each element's weight");
        }
    }

    @Test
    void worksOnChannelsLastActivationsAndKeepsTheirShape() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = ChannelsLast.convert(manager.randomNormal(0f, 5f, new ai.djl.ndarray.types.Shape(2, 3, 4, 5),
                    ai.djl.ndarray.types.DataType.FLOAT32));
            NDArray expected = x.getNDArrayInternal().relu().minimum(6f);
            NDArray actual = TrainingRelu6.apply(new ParameterStore(manager, false), x);
            assertEquals(x.getShape(), actual.getShape());
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
        }
    }
}
