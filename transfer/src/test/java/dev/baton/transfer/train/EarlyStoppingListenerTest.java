package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingListenerTest {

    private static List<EpochMetrics> losses(double... valLosses) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int i = 0; i < valLosses.length; i++) {
            history.add(new EpochMetrics(i + 1, 1, 0, 0, valLosses[i], 0, 0, 0.1, 0));
        }
        return history;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        assertFalse(EarlyStoppingListener.shouldStop(losses(1.0), 2));
        assertFalse(EarlyStoppingListener.shouldStop(losses(1.0, 0.9, 0.95), 2));
        assertTrue(EarlyStoppingListener.shouldStop(losses(1.0, 0.9, 0.95, 0.91), 2));
        assertFalse(EarlyStoppingListener.shouldStop(losses(1.0, 0.9, 0.95, 0.8), 2));
        assertTrue(EarlyStoppingListener.shouldStop(losses(1.0, 1.0), 1), "equal loss is no improvement");
    }
}
