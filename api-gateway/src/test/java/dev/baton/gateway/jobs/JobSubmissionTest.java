package dev.baton.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.JobDefaults;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A submission that leaves a field out gets its strategy's default from {@link JobDefaults}. */
class JobSubmissionTest {
    private static TrainingRequest submit(TrainingStrategy strategy, Boolean augmentation) {
        return new JobSubmission("model", "data", null, null, strategy, null, null, null, null, null, null, null, null,
                null, augmentation, null, null, null, null).toRequest("job-1", Instant.EPOCH);
    }

    @Test
    void autoJobsAugmentByDefaultAndExplicitStrategiesDoNot() {
        assertEquals(JobDefaults.STRATEGY, submit(null, null).strategy());
        assertTrue(submit(null, null).augmentation());
        assertTrue(submit(TrainingStrategy.AUTO, null).augmentation());
        assertFalse(submit(TrainingStrategy.FULL, null).augmentation());
        assertEquals(JobDefaults.AUTO_AUGMENTATION, submit(TrainingStrategy.AUTO, null).augmentation());
        assertEquals(JobDefaults.AUGMENTATION, submit(TrainingStrategy.FINE_TUNE, null).augmentation());
    }

    @Test
    void anExplicitChoiceWinsOverTheDefault() {
        assertFalse(submit(TrainingStrategy.AUTO, false).augmentation());
        assertTrue(submit(TrainingStrategy.FEATURE_EXTRACTION, true).augmentation());
    }

    @Test
    void autoJobsGetTheirMostEpochsAndExplicitOnesTheirEpochs() {
        assertEquals(JobDefaults.AUTO_MAX_EPOCHS, submit(TrainingStrategy.AUTO, null).epochs());
        assertEquals(JobDefaults.EPOCHS, submit(TrainingStrategy.FULL, null).epochs());
    }
}
