package dev.baton.transfer.auto;

import dev.baton.transfer.train.EpochListener;
import dev.baton.transfer.train.EpochMetrics;
import dev.baton.transfer.train.TrainingContext;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down, after every epoch of an {@code auto} job's fine-tune, how much of the job's budget is spent, in
 * its search state: a fine-tune resumed on another trainer then counts the epochs the interrupted attempts ran
 * (the budget bounds the whole job, over all attempts), instead of starting again from the time of the decision.
 * Recording is best effort: a state that cannot be saved costs the resumed job accuracy of its budget, not the job.
 */
final class BudgetLedger implements EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetLedger.class);

    /** Saves a search state where a resumed attempt finds it. */
    @FunctionalInterface
    interface Saver {
        /**
         * @param state the state to keep
         * @throws IOException if it could not be written
         */
        void save(SearchState state) throws IOException;
    }

    private final Budget budget;
    private final Saver saver;
    private SearchState state;

    /**
     * @param budget the job's budget
     * @param state the search state as decided
     * @param saver where the state goes
     */
    BudgetLedger(Budget budget, SearchState state, Saver saver) {
        this.budget = budget;
        this.state = state;
        this.saver = saver;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochMetrics metrics) {
        state = state.spent(budget.elapsed());
        try {
            saver.save(state);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the budget spent after epoch {} could not be recorded: a resumed fine-tune will count less of it",
                    context.epoch(), e);
        }
    }
}
