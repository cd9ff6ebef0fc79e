package dev.baton.transfer.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.train.ProgressEvent;
import dev.baton.transfer.train.SyntheticData;
import dev.baton.transfer.train.TrainingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An {@code auto} job reports every trial, chooses, fine-tunes, and when it is interrupted during
 * its search or its fine-tune, the next run in the same folder redoes no finished trial and no
 * checkpointed epoch.
 */
class AutoTrainerTest {
    private static final List<String> CLASSES = SyntheticData.classNames(4);

    private static AutoSpec spec() {
        TrainingSpec template = TrainingSpec.builder("mobilenet_v2").widthMultiplier(0.25).inputSize(32).batchSize(8)
                .seed(11).build();
        AutoSpec.SearchSpace space = new AutoSpec.SearchSpace(List.of(HeadType.GAP, HeadType.SVM, HeadType.DENSE),
                List.of(1e-3f, 1e-2f), List.of(1e-4f), 3, 2, 16, 64L << 20, List.of(0.1, 1.0), 16, 0.01f, 0.5f,
                5e-5f, 0.1f, 0.5f, Augmentation.FLIP);
        return new AutoSpec(template, Duration.ofMinutes(10), 2, space);
    }

    /** Records what an auto job reports; throws once at the chosen moment, as a crash would stop it. */
    private static final class Recorder implements AutoProgress {
        final List<Trial> trials = new ArrayList<>();
        final List<SearchState.Decision> decisions = new ArrayList<>();
        int crashAfterTrial = -1;
        boolean crashAfterDecision;

        @Override
        public void onTrial(Trial trial, boolean bestSoFar) {
            trials.add(trial);
            if (trial.number() == crashAfterTrial) {
                throw new IllegalStateException("crash after trial " + trial.number());
            }
        }

        @Override
        public void onDecision(SearchState.Decision decision) {
            decisions.add(decision);
            if (crashAfterDecision) {
                throw new IllegalStateException("crash after the decision");
            }
        }
    }

    @Test
    void aSearchInterruptedAfterATrialResumesAtTheNextTrial(@TempDir Path folder) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 32, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 16, 4, 32, 8, false, 2);
            Recorder first = new Recorder();
            first.crashAfterTrial = 3;
            assertThrows(IllegalStateException.class,
                    () -> new AutoTrainer(spec(), CLASSES, folder).searchProgress(first).run(train, val));
            assertEquals(List.of(1, 2, 3), first.trials.stream().map(Trial::number).toList());

            Recorder second = new Recorder();
            try (AutoResult result = new AutoTrainer(spec(), CLASSES, folder).searchProgress(second).run(train, val)) {
                assertEquals(4, second.trials.get(0).number(), "no finished trial is run again: " + second.trials);
                List<Trial> all = result.search().trials();
                assertEquals(IntStream.rangeClosed(1, all.size()).boxed().toList(),
                        all.stream().map(Trial::number).toList(), "every trial once, in order");
                assertEquals(first.trials, all.subList(0, 3), "the first run's trials are kept as they were");
                long heads = all.stream().filter(t -> t.stage() == Trial.Stage.HEAD).count();
                assertEquals(6, heads, "gap, svm and dense × 2 learning rates");
                assertTrue(all.stream().anyMatch(t -> t.stage() == Trial.Stage.DEPTH), "depth probes ran");
                assertEquals(1, second.decisions.size());
                assertNotNull(result.search().decision().why());
                assertNotNull(result.result().model());
            }
        }
    }

    @Test
    void aFineTuneInterruptedAfterItsFirstEpochResumesFromItsCheckpoint(@TempDir Path folder) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 32, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 16, 4, 32, 8, false, 2);
            List<Integer> epochsRun = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> new AutoTrainer(spec(), CLASSES, folder)
                    .progress(event -> {
                        if (event instanceof ProgressEvent.EpochCompleted e) {
                            epochsRun.add(e.metrics().epoch());
                        }
                        if (event instanceof ProgressEvent.Checkpointed c && c.epoch() == 1) {
                            throw new IllegalStateException("crash after the checkpoint of epoch 1");
                        }
                    }).run(train, val));
            assertEquals(List.of(1), epochsRun);
            SearchState saved = SearchState.read(folder.resolve(AutoTrainer.SEARCH)).orElseThrow();
            assertNotNull(saved.decision().fineTune(), "the search chose a fine-tune: " + saved.decision());
            assertEquals(2, saved.decision().fineTune().epochs());

            Recorder again = new Recorder();
            List<Integer> resumedEpochs = new ArrayList<>();
            try (AutoResult result = new AutoTrainer(spec(), CLASSES, folder).searchProgress(again).progress(event -> {
                if (event instanceof ProgressEvent.EpochCompleted e) {
                    resumedEpochs.add(e.metrics().epoch());
                }
            }).run(train, val)) {
                assertTrue(again.trials.isEmpty(), "the search is not run again");
                assertEquals(List.of(2), resumedEpochs, "only the epoch after the checkpoint runs");
                assertEquals(2, result.result().history().size() == 0 ? 2 : result.result().history().size());
            }
        }
    }

    @Test
    void aFineTuneInterruptedInItsSecondEpochLeavesItsFirstEpochCountedAgainstTheBudget(@TempDir Path folder)
            throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 32, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, 16, 4, 32, 8, false, 2);
            List<SearchState> saved = new ArrayList<>();
            List<Long> epochMillis = new ArrayList<>();
            AutoProgress search = new AutoProgress() {
                @Override
                public void onSearchSaved(Path searchFolder, SearchState state) {
                    saved.add(state);
                }
            };
            assertThrows(IllegalStateException.class, () -> new AutoTrainer(spec(), CLASSES, folder)
                    .searchProgress(search).progress(event -> {
                        if (event instanceof ProgressEvent.EpochCompleted e) {
                            if (e.metrics().epoch() == 2) {
                                throw new IllegalStateException("crash in epoch 2");
                            }
                            epochMillis.add(e.metrics().durationMillis());
                        }
                    }).run(train, val));
            double atDecision = saved.stream().filter(s -> s.decision() != null).findFirst().orElseThrow()
                    .elapsedSeconds();
            double recorded = SearchState.read(folder.resolve(AutoTrainer.SEARCH)).orElseThrow().elapsedSeconds();
            assertEquals(1, epochMillis.size());
            assertTrue(recorded >= atDecision + epochMillis.get(0) / 1000.0,
                    "the resumed attempt's budget counts epoch 1 (" + epochMillis.get(0) + " ms): " + atDecision
                            + " s at the decision, " + recorded + " s recorded");
        }
    }

    /** The search, base pass and head trials, takes 1.5 passes of the base, or 2 % of the budget when that is more. */
    @Test
    void theHeadTrialsMayTakeHalfAPassOrWhatBringsTheSearchToTwoPercentOfTheBudget() {
        assertEquals(12, AutoTrainer.trialAllowance(24, 720), 1e-9, "Fashion-MNIST 10k: 1.5 passes (36 s > 14.4 s)");
        assertEquals(50, AutoTrainer.trialAllowance(100, 720), 1e-9);
        assertEquals(11.4, AutoTrainer.trialAllowance(3, 720), 1e-9, "small data: the search takes 2 % of 12 min");
        assertEquals(14.4, AutoTrainer.trialAllowance(0, 720), 1e-9);
        assertEquals(4.8, AutoTrainer.trialAllowance(9.6, 720), 1e-9, "where both rules meet: 14.4 s in all");
    }

    /**
     * Below {@link AutoTrainer#MIN_VALIDATION_IMAGES_TO_RANK_EPOCHS} validation images the fine-tune runs its whole
     * schedule and keeps its last epoch; from there on it keeps its best epoch and stops early.
     */
    @ParameterizedTest
    @ValueSource(ints = {16, AutoTrainer.MIN_VALIDATION_IMAGES_TO_RANK_EPOCHS})
    void onlyAValidationSetLargeEnoughToRankEpochsPicksTheFineTunesEpoch(int validationImages, @TempDir Path folder)
            throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            ArrayDataset train = SyntheticData.images(data, 32, 4, 32, 8, true, 1);
            ArrayDataset val = SyntheticData.images(data, validationImages, 4, 32, 8, false, 2);
            Recorder recorder = new Recorder();
            recorder.crashAfterDecision = true;
            assertThrows(IllegalStateException.class,
                    () -> new AutoTrainer(spec(), CLASSES, folder).searchProgress(recorder).run(train, val));
            SearchState.Decision decision = recorder.decisions.get(0);
            TrainingSpec fineTune = decision.fineTune();
            assertNotNull(fineTune, "the search chose a fine-tune: " + decision);
            boolean small = validationImages < AutoTrainer.MIN_VALIDATION_IMAGES_TO_RANK_EPOCHS;
            assertEquals(small, fineTune.publishLastEpoch(), decision.why());
            assertEquals(small, fineTune.earlyStoppingPatience() == 0, decision.why());
            assertEquals(small, decision.why().contains("keeping the last epoch"), decision.why());
            assertEquals(decision, SearchState.read(folder.resolve(AutoTrainer.SEARCH)).orElseThrow().decision(),
                    "the decision is saved as made, so a resumed job fine-tunes the same way");
        }
    }
}
