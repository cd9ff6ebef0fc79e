package dev.baton.transfer.bundle;

import dev.baton.transfer.device.DevicePreference;
import dev.baton.transfer.device.DeviceSelector;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.ScoreType;
import dev.baton.transfer.model.TransferModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A bundle loaded for inference: its manifest and the rebuilt model. Create predictors with
 * {@link #predictor()}; close the bundle to free the model.
 */
public final class ModelBundle implements AutoCloseable {

    private final BundleManifest manifest;
    private final TransferModel model;
    private final BundlePredictor predictor;

    private ModelBundle(BundleManifest manifest, TransferModel model) {
        this.manifest = manifest;
        this.model = model;
        this.predictor = new BundlePredictor(model, manifest.classNames(),
                ScoreType.valueOf(manifest.scoreType().toUpperCase(Locale.ROOT)), manifest.inputSize());
    }

    /**
     * Loads a bundle on the CPU.
     *
     * @param directory the bundle folder
     * @return the loaded bundle
     * @throws IOException if the folder is not a valid bundle
     */
    public static ModelBundle load(Path directory) throws IOException {
        return load(directory, DevicePreference.CPU);
    }

    /**
     * @param directory the bundle folder
     * @param device where to load the model
     * @return the loaded bundle
     * @throws InvalidBundleException if the folder is not a valid bundle
     * @throws IOException on I/O failure
     */
    public static ModelBundle load(Path directory, DevicePreference device) throws IOException {
        BundleManifest manifest = readManifest(directory);
        Path parameters = directory.resolve(BundleFiles.PARAMETERS);
        if (!Files.isRegularFile(parameters)) {
            throw new InvalidBundleException(directory + " has no " + BundleFiles.PARAMETERS, null);
        }
        Backbone backbone = BackboneFactory.create(manifest.baseModel(), manifest.training().backboneConfig());
        TransferModel model = TransferModel.create(backbone,
                HeadFactory.create(manifest.head(), manifest.classNames().size()), DeviceSelector.select(device));
        try {
            ParameterFile.readInto(parameters, model.parameters());
            backbone.freezeFirst(backbone.blocks().size());
            model.head().block().freezeParameters(true);
            return new ModelBundle(manifest, model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * @param directory the bundle folder
     * @return its manifest
     * @throws InvalidBundleException if the manifest is missing, unreadable or of a schema this code does not read
     */
    public static BundleManifest readManifest(Path directory) throws InvalidBundleException {
        Path file = directory.resolve(BundleFiles.MANIFEST);
        BundleManifest manifest;
        try {
            manifest = BundleFiles.JSON.readValue(file.toFile(), BundleManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (manifest.schemaVersion() < BundleManifest.OLDEST_SCHEMA_VERSION
                || manifest.schemaVersion() > BundleManifest.SCHEMA_VERSION) {
            throw new InvalidBundleException("bundle schema " + manifest.schemaVersion() + " is not supported (supported: "
                    + BundleManifest.OLDEST_SCHEMA_VERSION + " to " + BundleManifest.SCHEMA_VERSION + ")", null);
        }
        return manifest;
    }

    /** @return the manifest */
    public BundleManifest manifest() {
        return manifest;
    }

    /** @return the thread-safe predictor of this bundle */
    public BundlePredictor predictor() {
        return predictor;
    }

    @Override
    public void close() {
        model.close();
    }
}
