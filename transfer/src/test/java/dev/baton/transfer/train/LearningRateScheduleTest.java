package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Warm-up composes with the main schedule: a linear ramp, then the main schedule over the rest of the phase. */
class LearningRateScheduleTest {

    @Test
    void warmUpThenCosine() {
        LearningRateSchedule s = ScheduleKind.COSINE.schedule(1);
        int epochs = 4;
        assertTrue(s.factor(0, epochs) < 0.01, "starts near 0: " + s.factor(0, epochs));
        assertEquals(0.5, s.factor(0.125, epochs), 0.01, "half-way through the warm-up epoch");
        assertEquals(1.0, s.factor(0.25, epochs), 1e-6, "full rate when the warm-up ends");
        assertEquals(0.5, s.factor(0.625, epochs), 1e-6, "cosine half-way through the rest");
        double previous = 2;
        for (double p = 0.25; p < 1; p += 0.05) {
            double f = s.factor(p, epochs);
            assertTrue(f <= previous, "decreasing after the warm-up at " + p);
            previous = f;
        }
        assertTrue(s.factor(0.999, epochs) < 0.01, "ends near 0");
    }

    @Test
    void warmUpIsAtMostHalfAPhaseAndConstantStaysConstant() {
        LearningRateSchedule s = ScheduleKind.CONSTANT.schedule(5);
        assertEquals(1.0, s.factor(0.5, 2), 1e-6, "a 5-epoch warm-up in a 2-epoch phase ends half-way");
        assertTrue(s.factor(0.25, 2) < 0.6);
        assertEquals(1.0, ScheduleKind.CONSTANT.schedule(0).factor(0, 3), 1e-6);
    }
}
