package dev.baton.transfer.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.transfer.model.HeadType;
import org.junit.jupiter.api.Test;

/** The expected cost of the next head trial, which stops the head search before it overruns its share. */
class TrialCostsTest {

    private static Trial trial(HeadType head, double seconds) {
        return new Trial(1, Trial.Stage.HEAD, head, 0.01f, 0f, 0, 19, 5, 5, 0.8, 0.5, seconds, 0, "");
    }

    @Test
    void nothingIsExpectedBeforeTheFirstTrial() {
        assertEquals(0, new TrialCosts(9).expected(HeadType.GAP));
    }

    @Test
    void aHeadTriedBeforeCostsItsMean() {
        TrialCosts costs = new TrialCosts(9);
        costs.add(trial(HeadType.GAP, 2));
        costs.add(trial(HeadType.GAP, 4));
        costs.add(trial(HeadType.DENSE, 20));
        assertEquals(3, costs.expected(HeadType.GAP), 1e-9);
        assertEquals(20, costs.expected(HeadType.DENSE), 1e-9);
    }

    @Test
    void anUntriedHeadOnFeatureMapsCostsThePooledMeanTimesTheirSize() {
        TrialCosts costs = new TrialCosts(9);
        costs.add(trial(HeadType.GAP, 2));
        costs.add(trial(HeadType.SVM, 1));
        assertEquals(1.5 * 9, costs.expected(HeadType.DENSE), 1e-9);
        assertEquals(1, costs.expected(HeadType.SVM), 1e-9);
    }
}
