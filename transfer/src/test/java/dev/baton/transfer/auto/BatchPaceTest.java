package dev.baton.transfer.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPaceTest {

    @Test
    void theWarmUpBatchesDoNotCount() {
        // six batches of 10 images: the first two take 5 s each (warm-up), the others 1 s each
        List<Long> ends = List.of(5L, 10L, 11L, 12L, 13L, 14L).stream().map(s -> s * 1_000_000_000L).toList();
        // from the end of batch 2 to the end of batch 6: 4 s for 4 batches of 10 images
        assertEquals(0.1, BatchPace.secondsPerImage(ends, 10).getAsDouble(), 1e-9);
    }

    @Test
    void tooFewBatchesGiveNoPace() {
        assertTrue(BatchPace.secondsPerImage(List.of(1L, 2L), 10).isEmpty());
    }
}
