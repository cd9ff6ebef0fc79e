package dev.baton.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import dev.baton.transfer.auto.AutoSpec;
import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.device.DevicePreference;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a request's augmentation flag trains on: {@code auto}'s own augmentation, or the standard one. */
class JobSetupTest {
    @TempDir
    Path cache;

    private JobSetup setup(TrainingStrategy strategy, boolean augmentation) throws JobInputException {
        TrainingRequest request = new TrainingRequest(1, "job-setup", "setup-model", "setup-data",
                BaseArchitecture.MOBILENET_V2, TrainingRequest.RANDOM_INIT, strategy, null, null, HeadType.GAP, 3, 8,
                0.01, null, 32, 0.25, augmentation, 0.2, 42L, null, null, Instant.now());
        return JobSetup.of(request, null, cache, 1, DevicePreference.CPU);
    }

    @Test
    void anAutoJobAskingForAugmentationTrainsOnItsSearchSpacesAugmentation() throws JobInputException {
        JobSetup setup = setup(TrainingStrategy.AUTO, true);
        assertNotNull(setup.auto());
        assertEquals(AutoSpec.SearchSpace.defaults().augmentation(), setup.data().augmentation());
        assertEquals(Augmentation.FLIP, setup.data().augmentation());
    }

    @Test
    void anExplicitJobAskingForAugmentationTrainsOnTheStandardAugmentation() throws JobInputException {
        JobSetup setup = setup(TrainingStrategy.FULL, true);
        assertNull(setup.auto());
        assertEquals(Augmentation.STANDARD, setup.data().augmentation());
    }

    @Test
    void noJobAugmentsWhenItAsksForNone() throws JobInputException {
        assertEquals(Augmentation.NONE, setup(TrainingStrategy.AUTO, false).data().augmentation());
        assertEquals(Augmentation.NONE, setup(TrainingStrategy.FEATURE_EXTRACTION, false).data().augmentation());
    }
}
