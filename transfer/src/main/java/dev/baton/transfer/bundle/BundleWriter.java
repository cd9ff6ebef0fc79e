package dev.baton.transfer.bundle;

import dev.baton.transfer.auto.SearchState;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;

/**
 * Saves a trained model as a self-describing bundle folder: {@code manifest.json}
 * ({@link BundleManifest}) and {@code parameters.params} (all parameters by name). The folder is
 * written next to the target and moved into place, so readers never see half a bundle.
 */
public final class BundleWriter {

    private final Clock clock;

    /** Uses the system clock for {@code createdAt}. */
    public BundleWriter() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock clock for {@code createdAt}
     */
    public BundleWriter(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param result the finished training job
     * @param normalization how inputs were normalised during training
     * @param directory the bundle folder to create (must not exist)
     * @return the manifest that was written
     * @throws IOException on I/O failure or if the folder exists
     */
    public BundleManifest write(TrainingResult result, Normalization normalization, Path directory)
            throws IOException {
        return write(result, normalization, null, directory);
    }

    /**
     * Writes the bundle of an {@code auto} job, with its search in the manifest.
     *
     * @param result the finished training job
     * @param normalization how inputs were normalised during training
     * @param search the search that chose the model (or null)
     * @param directory the bundle folder to create (must not exist)
     * @return the manifest that was written
     * @throws IOException on I/O failure or if the folder exists
     */
    public BundleManifest write(TrainingResult result, Normalization normalization, SearchState search,
            Path directory) throws IOException {
        if (Files.exists(directory)) {
            throw new IOException(directory + " already exists");
        }
        TrainingSpec spec = result.spec();
        BundleManifest manifest = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                spec.base(),
                result.weightsProvenance(),
                spec.head(),
                spec.head().scoreType().manifestName(),
                spec.strategy(),
                spec.freezeBoundary(),
                result.classNames(),
                spec.inputSize(),
                normalization,
                spec,
                result.history(),
                result.finalValidation(),
                result.bestEpoch(),
                result.history().isEmpty() ? 0 : result.history().get(result.history().size() - 1).epoch(),
                result.test(),
                search,
                Instant.now(clock).toString(),
                result.jobId());
        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, directory.getFileName() + ".tmp");
        BundleFiles.JSON.writeValue(staging.resolve(BundleFiles.MANIFEST).toFile(), manifest);
        ParameterFile.writeParameters(staging.resolve(BundleFiles.PARAMETERS), result.model().parameters());
        Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }
}
