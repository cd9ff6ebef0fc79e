package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.training.dataset.ArrayDataset;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SeededShuffleSamplerTest {
    private static List<Long> drain(Iterator<Long> it) {
        List<Long> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void sameSeedSameEpochOrdersAndEachEpochIsAPermutation() {
        try (NDManager m = NDManager.newBaseManager()) {
            ArrayDataset ds = new ArrayDataset.Builder().setData(m.arange(20f)).setSampling(1, false).build();
            SeededShuffleSampler a = new SeededShuffleSampler(9);
            SeededShuffleSampler b = new SeededShuffleSampler(9);
            List<Long> a1 = drain(a.sample(ds));
            List<Long> a2 = drain(a.sample(ds));
            assertEquals(a1, drain(b.sample(ds)));
            assertEquals(a2, drain(b.sample(ds)));
            assertNotEquals(a1, a2);
            assertEquals(LongStream.range(0, 20).boxed().toList(), a1.stream().sorted().toList());
        }
    }
}
