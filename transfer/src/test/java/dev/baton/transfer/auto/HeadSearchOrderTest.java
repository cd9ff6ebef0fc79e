package dev.baton.transfer.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.model.HeadType;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSearchOrderTest {
    private final HeadSearch search = new HeadSearch(AutoSpec.SearchSpace.defaults(), 10, 42, 19);

    @Test
    void cheapHeadsComeFirstAtTheLargestRatesThenDense() {
        List<HeadSearch.Candidate> all = search.candidates(true);
        AutoSpec.SearchSpace s = AutoSpec.SearchSpace.defaults();
        assertEquals(s.heads().size() * s.learningRates().size() * s.weightDecays().size(), all.size());
        float largest = s.learningRates().stream().max(Float::compare).orElseThrow();
        // the first trials try every pooled head at the largest rate
        assertEquals(new HeadSearch.Candidate(HeadType.GAP, largest, s.weightDecays().get(0)), all.get(0));
        assertEquals(new HeadSearch.Candidate(HeadType.SVM, largest, s.weightDecays().get(0)), all.get(1));
        int firstDense = all.indexOf(all.stream().filter(c -> c.head() == HeadType.DENSE).findFirst().orElseThrow());
        assertTrue(all.subList(firstDense, all.size()).stream().allMatch(c -> c.head() == HeadType.DENSE),
                "DENSE (whole maps, the costly trials) runs last");
        for (int i = 1; i < firstDense; i++) {
            assertTrue(all.get(i).learningRate() <= all.get(i - 1).learningRate(), "rates descend: " + all);
        }
    }

    @Test
    void largerSetsTrainTheirTrialsInLargerBatchesOfAtLeast32StepsAnEpoch() {
        assertEquals(128, HeadSearch.trialBatch(128, 100), "a small set keeps the space's batch");
        assertEquals(128, HeadSearch.trialBatch(128, 900));
        assertEquals(128, HeadSearch.trialBatch(128, 8191), "63 steps of 128; 31 of 256");
        assertEquals(256, HeadSearch.trialBatch(128, 8192), "exactly 32 steps of 256");
        assertEquals(256, HeadSearch.trialBatch(128, 9000), "Fashion-MNIST 10k: 35 steps of 256");
        assertEquals(1024, HeadSearch.trialBatch(128, 60_000));
        assertEquals(HeadSearch.MAX_TRIAL_BATCH, HeadSearch.trialBatch(128, 10_000_000), "capped");
    }

    @Test
    void withoutCachedMapsThereIsNoDenseCandidate() {
        assertTrue(search.candidates(false).stream().noneMatch(c -> c.head() == HeadType.DENSE));
    }

    @Test
    void aResumedSearchRecognisesTheCandidatesAnEarlierAttemptRan() {
        HeadSearch.Candidate c = new HeadSearch.Candidate(HeadType.SVM, 3e-3f, 1e-2f);
        Trial ran = new Trial(4, Trial.Stage.HEAD, HeadType.SVM, 3e-3f, 1e-2f, 0, 19, 8, 6, 0.76, 0.7, 1.0, 0, "");
        assertTrue(HeadSearch.ran(c, ran));
        assertFalse(HeadSearch.ran(new HeadSearch.Candidate(HeadType.GAP, 3e-3f, 1e-2f), ran));
        assertFalse(HeadSearch.ran(new HeadSearch.Candidate(HeadType.SVM, 1e-2f, 1e-2f), ran));
    }
}
