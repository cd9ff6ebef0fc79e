package dev.baton.transfer.auto;

import java.nio.file.Path;

/** What an {@code auto} job reports besides the fine-tune's epochs and checkpoints. */
public interface AutoProgress {

    /**
     * A trial finished.
     *
     * @param trial the trial
     * @param bestSoFar whether it is the best of its stage so far
     */
    default void onTrial(Trial trial, boolean bestSoFar) {}

    /**
     * The search folder was updated ({@link SearchState#FILE} and the best head's weights): copy it
     * somewhere durable to make the finished trials survive a crash.
     *
     * @param folder the search folder
     * @param state what it holds
     */
    default void onSearchSaved(Path folder, SearchState state) {}

    /**
     * The search chose what to train.
     *
     * @param decision the choice
     */
    default void onDecision(SearchState.Decision decision) {}
}
