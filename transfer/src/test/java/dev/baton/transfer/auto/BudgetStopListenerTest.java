package dev.baton.transfer.auto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.train.EpochMetrics;
import org.junit.jupiter.api.Test;

class BudgetStopListenerTest {

    /** 8,000 images at 100 images/s: 80 s of training and 20 s of validation in a 100 s epoch. */
    private static final EpochMetrics EPOCH = new EpochMetrics(3, 1, 0.5, 0.8, 0.6, 0.75, 100, 0.01, 100_000);

    @Test
    void anotherEpochRunsWhenItAndTheFinalEvaluationFit() {
        // next epoch 100 s + final evaluation of validation and test (2 passes of 20 s) + 5 s = 145 s
        assertFalse(BudgetStopListener.shouldStop(146, EPOCH, 8_000, 2));
    }

    @Test
    void theFineTuneStopsWhenTheFinalEvaluationWouldNotFitAfterAnotherEpoch() {
        assertTrue(BudgetStopListener.shouldStop(144, EPOCH, 8_000, 2));
        // without a test split the same budget pays for one more epoch
        assertFalse(BudgetStopListener.shouldStop(144, EPOCH, 8_000, 1));
    }

    @Test
    void anOverrunBudgetStopsAtOnce() {
        assertTrue(BudgetStopListener.shouldStop(-10, EPOCH, 8_000, 1));
    }
}
