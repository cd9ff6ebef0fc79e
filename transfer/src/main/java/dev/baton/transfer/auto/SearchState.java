package dev.baton.transfer.auto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.baton.transfer.train.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an {@code auto} job has decided so far, written after every trial into its search folder
 * ({@code search.json}, beside {@code head.params}, the best head's weights) so that a resumed job
 * continues where it stopped.
 *
 * @param formatVersion the file format
 * @param trials finished trials, in order
 * @param headSearchDone whether every head trial has run
 * @param depthSearchDone whether every depth probe has run (or the budget stopped them)
 * @param decision the final fine-tune, once chosen
 * @param elapsedSeconds time spent on the job so far, over all attempts (the budget counts it)
 */
public record SearchState(
        int formatVersion,
        List<Trial> trials,
        boolean headSearchDone,
        boolean depthSearchDone,
        Decision decision,
        double elapsedSeconds) {

    /** The current format. */
    public static final int FORMAT_VERSION = 1;
    /** The state file in the search folder. */
    public static final String FILE = "search.json";
    /** The best head's weights in the search folder. */
    public static final String HEAD_WEIGHTS = "head.params";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the search chose.
     *
     * @param fineTune the fine-tune to run, or null to keep the best head on the frozen base
     * @param why the choice in words (shown to the user)
     */
    public record Decision(TrainingSpec fineTune, String why) {}

    /** Copies the trials. */
    public SearchState {
        trials = List.copyOf(trials);
    }

    /** @return the state of a job that has done nothing yet */
    public static SearchState empty() {
        return new SearchState(FORMAT_VERSION, List.of(), false, false, null, 0);
    }

    /**
     * @param folder the search folder
     * @return the state stored there, if any
     * @throws IOException if it exists but cannot be read
     */
    public static Optional<SearchState> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        SearchState state = JSON.readValue(file.toFile(), SearchState.class);
        return state.formatVersion() == FORMAT_VERSION ? Optional.of(state) : Optional.empty();
    }

    /**
     * Writes the state atomically.
     *
     * @param folder the search folder
     * @throws IOException on I/O failure
     */
    public void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, FILE, ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return the best trial of a stage, if any ran */
    public Optional<Trial> best(Trial.Stage stage) {
        Trial best = null;
        for (Trial t : trials) {
            if (t.stage() == stage && t.beats(best)) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the trials of a stage */
    public List<Trial> trials(Trial.Stage stage) {
        return trials.stream().filter(t -> t.stage() == stage).toList();
    }

    /** @return this state with one more trial */
    SearchState with(Trial trial, double elapsed) {
        List<Trial> all = new ArrayList<>(trials);
        all.add(trial);
        return new SearchState(formatVersion, all, headSearchDone, depthSearchDone, decision, elapsed);
    }

    /** @return this state with the head search finished */
    SearchState headsDone(double elapsed) {
        return new SearchState(formatVersion, trials, true, depthSearchDone, decision, elapsed);
    }

    /** @return this state with the depth probes finished */
    SearchState depthsDone(double elapsed) {
        return new SearchState(formatVersion, trials, headSearchDone, true, decision, elapsed);
    }

    /** @return this state with the time spent so far, over all attempts */
    SearchState spent(double elapsed) {
        return new SearchState(formatVersion, trials, headSearchDone, depthSearchDone, decision, elapsed);
    }

    /** @return this state with the decision made */
    SearchState decided(Decision chosen, double elapsed) {
        return new SearchState(formatVersion, trials, headSearchDone, depthSearchDone, chosen, elapsed);
    }
}
