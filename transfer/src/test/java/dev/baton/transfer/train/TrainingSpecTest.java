package dev.baton.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.baton.transfer.model.UnknownBaseModelException;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import org.junit.jupiter.api.Test;

class TrainingSpecTest {

    @Test
    void unknownBaseIsATypedErrorNamingTheValidBases() {
        UnknownBaseModelException e = assertThrows(UnknownBaseModelException.class,
                () -> TrainingSpec.builder("inception_v3").build());
        assertTrue(e.getMessage().contains("[vgg16, mobilenet_v2]"), e.getMessage());
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThrows(InvalidTrainingSpecException.class, () -> TrainingSpec.builder("vgg16").epochs(0).build());
        assertThrows(InvalidTrainingSpecException.class, () -> TrainingSpec.builder("vgg16").batchSize(0).build());
        assertThrows(InvalidTrainingSpecException.class, () -> TrainingSpec.builder("vgg16").learningRate(0).build());
        assertThrows(InvalidTrainingSpecException.class, () -> TrainingSpec.builder("vgg16").momentum(1).build());
        assertThrows(InvalidTrainingSpecException.class, () -> TrainingSpec.builder("vgg16").inputSize(300).build());
        assertThrows(InvalidTrainingSpecException.class, () -> TrainingSpec.builder("vgg16").threads(-1).build());
    }

    @Test
    void fineTuneNeedsABoundary() {
        assertThrows(InvalidTrainingSpecException.class,
                () -> TrainingSpec.builder("vgg16").strategy(TrainingStrategy.FINE_TUNE).build());
        assertThrows(InvalidTrainingSpecException.class,
                () -> TrainingSpec.builder("vgg16").strategy(TrainingStrategy.TWO_PHASE).build());
    }

    @Test
    void fineTuneLearningRateDefaultsToATenth() {
        TrainingSpec spec = TrainingSpec.builder("vgg16").learningRate(0.02f).build();
        assertEquals(0.002f, spec.fineTuneLearningRate(), 1e-9);
    }

    @Test
    void boundaryThatDoesNotFitTheBackboneIsRejectedBeforeTraining() {
        TrainingSpec unknownBlock = TrainingSpec.builder("vgg16").widthMultiplier(0.25).inputSize(32)
                .strategy(TrainingStrategy.FINE_TUNE).freezeBoundary(FreezeBoundary.trainFrom("features.3")).build();
        TrainingSpec tooMany = unknownBlock.toBuilder().freezeBoundary(FreezeBoundary.unfreezeLast(6)).build();
        try (NDManager data = NDManager.newBaseManager()) {
            var train = SyntheticData.images(data, 4, 2, 32, 2, false, 1);
            InvalidTrainingSpecException e = assertThrows(InvalidTrainingSpecException.class,
                    () -> new TransferTrainer(unknownBlock, SyntheticData.classNames(2)).train(train, train));
            assertTrue(e.getMessage().contains("block1"), e.getMessage());
            assertThrows(InvalidTrainingSpecException.class,
                    () -> new TransferTrainer(tooMany, SyntheticData.classNames(2)).train(train, train));
        }
    }
}
