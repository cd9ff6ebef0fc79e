package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MultiClassHingeLossTest {

    @Test
    void matchesPyTorchMultiMarginLossExample() {
        // torch.nn.MultiMarginLoss()(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3])) == 0.3250
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.1f, 0.2f, 0.4f, 0.8f}, new Shape(1, 4));
            NDArray y = m.create(new float[] {3});
            float loss = new MultiClassHingeLoss().evaluate(new NDList(y), new NDList(x)).getFloat();
            assertEquals(0.325f, loss, 1e-6);
        }
    }

    @Test
    void matchesHandComputedBatchMean() {
        // per sample: [0.1,0.2,0.4] y=2 → (0.7+0.8)/3 = 0.5; [2,-1,0.5] y=0 → 0;
        // [0,0,0] y=1 → 2/3; [1,3,2.5] y=2 → (0+1.5)/3 = 0.5; mean = 1.6667/4
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.1f, 0.2f, 0.4f, 2, -1, 0.5f, 0, 0, 0, 1, 3, 2.5f}, new Shape(4, 3));
            NDArray y = m.create(new float[] {2, 0, 1, 2});
            float loss = new MultiClassHingeLoss().evaluate(new NDList(y), new NDList(x)).getFloat();
            assertEquals((0.5f + 0f + 2f / 3 + 0.5f) / 4, loss, 1e-6);
        }
    }

    @Test
    void marginIsConfigurable() {
        // margin 2, [0,1] y=1: j=0 → max(0, 2 − 1 + 0) = 1, / C=2 → 0.5
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1}, new Shape(1, 2));
            NDArray y = m.create(new long[] {1});
            assertEquals(0.5f, new MultiClassHingeLoss(2f).evaluate(new NDList(y), new NDList(x)).getFloat(), 1e-6);
        }
    }
}
