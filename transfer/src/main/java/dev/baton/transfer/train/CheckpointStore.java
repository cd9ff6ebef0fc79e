package dev.baton.transfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.TransferModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of checkpoints. Each checkpoint is a sub-folder {@code epoch-NNNN} holding {@code
 * state.json} ({@link CheckpointState}), {@code parameters.params} (all parameters by name,
 * including BatchNorm running statistics), {@code optimizer.params} (the optimizer's state by
 * name) and, when the best epoch is an earlier one, {@code best.params} (its parameters). {@code latest.json} names the newest complete checkpoint; it is replaced
 * atomically after the sub-folder is complete, so a crash mid-write leaves the previous one
 * usable. Older checkpoints are deleted.
 */
public final class CheckpointStore {

    static final String STATE = "state.json";
    static final String PARAMETERS = "parameters.params";
    static final String OPTIMIZER = "optimizer.params";
    static final String BEST = "best.params";
    private static final String LATEST = "latest.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /**
     * @param root the folder (created when the first checkpoint is written)
     */
    public CheckpointStore(Path root) {
        this.root = root;
    }

    /** @return the folder */
    public Path root() {
        return root;
    }

    /** Pointer file content. */
    record Latest(int epoch, String directory) {}

    /**
     * Writes a checkpoint and makes it the latest.
     *
     * @param state the JSON state
     * @param model the model whose parameters to store
     * @param optimizer the optimizer whose state to store
     * @param best the best epoch so far
     * @return the checkpoint's folder
     * @throws IOException on I/O failure
     */
    public Path save(CheckpointState state, TransferModel model, StatefulOptimizer optimizer, BestEpoch best)
            throws IOException {
        Files.createDirectories(root);
        String name = String.format("epoch-%04d", state.epoch());
        Path staging = Files.createTempDirectory(root, name + ".tmp");
        JSON.writeValue(staging.resolve(STATE).toFile(), state);
        ParameterFile.writeParameters(staging.resolve(PARAMETERS), model.parameters());
        ParameterFile.write(staging.resolve(OPTIMIZER), optimizer.state());
        if (best.epoch() != state.epoch()) {
            best.write(staging.resolve(BEST));
        }
        Path target = root.resolve(name);
        deleteRecursively(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Path pointer = Files.createTempFile(root, LATEST, ".tmp");
        JSON.writeValue(pointer.toFile(), new Latest(state.epoch(), name));
        Files.move(pointer, root.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> old = Files.list(root)) {
            old.filter(p -> Files.isDirectory(p) && !p.equals(target)
                            && p.getFileName().toString().startsWith("epoch-"))
                    .forEach(CheckpointStore::deleteQuietly);
        }
        return target;
    }

    /**
     * @return the newest complete checkpoint's folder, if any
     * @throws IOException on I/O failure
     */
    public Optional<Path> latest() throws IOException {
        Path pointer = root.resolve(LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        return Optional.of(root.resolve(JSON.readValue(pointer.toFile(), Latest.class).directory()));
    }

    /**
     * @param checkpoint a checkpoint folder
     * @return its JSON state
     * @throws IOException on I/O failure
     */
    public static CheckpointState readState(Path checkpoint) throws IOException {
        return JSON.readValue(checkpoint.resolve(STATE).toFile(), CheckpointState.class);
    }

    /**
     * Restores parameters, optimizer state and the best epoch from a checkpoint.
     *
     * @param checkpoint a checkpoint folder
     * @param model the model to overwrite (same architecture)
     * @param optimizer the optimizer to restore
     * @param best the best epoch to restore
     * @throws IOException on I/O failure or mismatch
     */
    static void restore(Path checkpoint, TransferModel model, StatefulOptimizer optimizer, BestEpoch best)
            throws IOException {
        CheckpointState state = readState(checkpoint);
        ParameterFile.readInto(checkpoint.resolve(PARAMETERS), model.parameters());
        try (NDManager scratch = model.manager().newSubManager()) {
            Map<String, NDArray> buffers = ParameterFile.read(checkpoint.resolve(OPTIMIZER), scratch);
            optimizer.restoreState(buffers);
        }
        EpochMetrics bestMetrics = state.history().stream().filter(m -> m.epoch() == state.bestEpoch())
                .findFirst().orElse(null);
        if (bestMetrics == null) {
            return;
        }
        if (state.bestEpoch() == state.epoch()) {
            best.remember(bestMetrics, model);
        } else {
            best.read(bestMetrics, checkpoint.resolve(BEST));
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
