package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runaway-loss rule: sustained growth without learning fails, noise or a model that learned does not. */
class DivergenceListenerTest {

    private static final int CLASSES = 10;

    private static List<EpochMetrics> phase(double[] losses, double[] valAccuracies) {
        List<EpochMetrics> phase = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            phase.add(new EpochMetrics(i + 1, 1, losses[i], 0.1, losses[i], valAccuracies[i], 100, 0.1, 1000));
        }
        return phase;
    }

    private static double[] constant(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }

    @Test
    void aLossThatClimbsAndStaysHighWhileNothingIsLearnedIsARunaway() {
        assertTrue(DivergenceListener.runaway(phase(new double[] {2.0, 4.5, 6.0, 9.0}, constant(4, 0.1)), CLASSES));
    }

    @Test
    void tooFewEpochsAreNeverARunaway() {
        assertFalse(DivergenceListener.runaway(phase(new double[] {2.0, 6.0, 9.0}, constant(3, 0.1)), CLASSES));
    }

    @Test
    void oneBadEpochAmongGoodOnesIsNoise() {
        assertFalse(DivergenceListener.runaway(phase(new double[] {2.0, 4.5, 1.5, 9.0}, constant(4, 0.1)), CLASSES));
    }

    @Test
    void aModelThatOnceLearnedIsNotARunaway() {
        assertFalse(DivergenceListener.runaway(
                phase(new double[] {2.0, 4.5, 6.0, 9.0}, new double[] {0.1, 0.4, 0.1, 0.1}), CLASSES));
    }

    @Test
    void aLossBelowAUniformGuessIsNotARunaway() {
        // doubled from a tiny first loss, but still below ln 10 = 2.30
        assertFalse(DivergenceListener.runaway(phase(new double[] {0.5, 1.5, 2.0, 2.2}, constant(4, 0.1)), CLASSES));
    }
}
