package dev.baton.trainer.job;

import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.transfer.auto.AutoSpec;
import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.data.ChannelOrder;
import dev.baton.transfer.data.CorruptionLimit;
import dev.baton.transfer.data.DataOptions;
import dev.baton.transfer.data.ImageLoader;
import dev.baton.transfer.data.InputScale;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.device.DevicePreference;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.WeightSource;
import dev.baton.transfer.weights.BaseModelManifest;
import dev.baton.transfer.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns a {@link TrainingRequest} into what the transfer engine needs: the {@link TrainingSpec},
 * the {@link DataOptions}, the starting weights and the input normalisation. A pretrained base is
 * fetched from {@code base-models/<name>/} (its {@code base-manifest.json} says how the backbone
 * must be configured and fed); {@code none} keeps the seeded random initialisation.
 *
 * @param spec the engine's spec (for {@code auto}: the template of every run of its search)
 * @param auto the {@code auto} job, or null for an explicit strategy
 * @param data the data options
 * @param weights the starting weights
 * @param normalization the input normalisation (stored in the bundle)
 */
public record JobSetup(TrainingSpec spec, AutoSpec auto, DataOptions data, WeightSource weights, Normalization normalization) {

    /**
     * @param request the job
     * @param store the object store (pretrained bases)
     * @param baseCache local folder for downloaded bases
     * @param threads engine threads
     * @param device device preference
     * @return the setup
     * @throws JobInputException when the pretrained base is not registered or does not fit
     */
    public static JobSetup of(TrainingRequest request, ObjectStore store, Path baseCache, int threads,
            DevicePreference device) throws JobInputException {
        boolean auto = request.strategy() == dev.baton.contracts.messages.TrainingStrategy.AUTO;
        TrainingSpec.Builder spec = TrainingSpec.builder(request.base().wireName())
                .widthMultiplier(request.widthMultiplier())
                .inputSize(request.imageSize())
                .strategy(engineStrategy(request))
                .freezeBoundary(boundary(request))
                .head(HeadSpec.defaults(head(request.head())))
                .epochs(request.epochs())
                .headEpochs(request.epochs())
                .batchSize(request.batchSize())
                .learningRate((float) request.learningRate())
                .fineTuneLearningRate((float) (request.fineTuneLearningRate() != null
                        ? request.fineTuneLearningRate() : request.learningRate() / 10))
                .seed((int) (request.seed() ^ (request.seed() >>> 32)))
                .earlyStoppingPatience(request.earlyStoppingPatience() == null ? 0 : request.earlyStoppingPatience())
                .threads(threads)
                .device(device);
        Normalization normalization = Normalization.IMAGENET;
        WeightSource weights = WeightSource.randomInit();
        if (!TrainingRequest.RANDOM_INIT.equals(request.pretrained())) {
            Path manifestFile = fetchBase(request.pretrained(), store, baseCache);
            BaseModelManifest manifest;
            try {
                manifest = BaseModelManifest.read(manifestFile);
            } catch (IOException | WeightImportException e) {
                throw new JobInputException("pretrained base '" + request.pretrained() + "' is unreadable: "
                        + e.getMessage());
            }
            if (!manifest.baseModel().equals(request.base().wireName())) {
                throw new JobInputException("pretrained base '" + request.pretrained() + "' is a "
                        + manifest.baseModel() + ", not a " + request.base().wireName() + ": pick a matching base");
            }
            spec.paddingMode(PaddingMode.valueOf(manifest.architecture().paddingMode()))
                    .batchNormEpsilon((float) manifest.architecture().batchNormEpsilon());
            BaseModelManifest.NormalizationSpec n = manifest.normalization();
            normalization = new Normalization(InputScale.valueOf(n.scale()), ChannelOrder.valueOf(n.channelOrder()),
                    floats(n.mean()), floats(n.std()));
            weights = WeightSource.importedBase(manifestFile, manifest.provenance());
        }
        TrainingSpec built = spec.build();
        AutoSpec autoSpec = auto ? new AutoSpec(built, Duration.ofMinutes(request.budgetMinutesOrDefault()),
                request.epochs(), AutoSpec.SearchSpace.defaults()) : null;
        DataOptions data = new DataOptions(request.imageSize(), normalization, request.validationSplit(),
                request.seed(), request.batchSize(), augmentation(request, autoSpec), CorruptionLimit.DEFAULT,
                ImageLoader.DEFAULT_CACHE_BYTES);
        return new JobSetup(built, autoSpec, data, weights, normalization);
    }

    /**
     * @param request the job
     * @param auto the {@code auto} job, or null
     * @return the augmentation of its training images: none unless it asks for augmentation; then {@code auto}'s
     *     own ({@link AutoSpec.SearchSpace#augmentation()}), or {@link Augmentation#STANDARD} for explicit strategies
     */
    static Augmentation augmentation(TrainingRequest request, AutoSpec auto) {
        if (!request.augmentation()) {
            return Augmentation.NONE;
        }
        return auto != null ? auto.space().augmentation() : Augmentation.STANDARD;
    }

    /**
     * Downloads a completely published base (its {@code _publish.json} written last, every file's
     * size checked) into the local cache; a half-written or missing base is a user error.
     */
    private static Path fetchBase(String name, ObjectStore store, Path cache) throws JobInputException {
        try {
            return new BaseModelRegistry(store).download(name, cache.resolve(name))
                    .resolve(BaseModelRegistry.MANIFEST_FILE);
        } catch (BaseModelRegistry.UnknownBaseModelException e) {
            throw new JobInputException(e.getMessage());
        }
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /** @return whether this is an {@code auto} job */
    public boolean isAuto() {
        return auto != null;
    }

    /**
     * @param request a job
     * @return the engine strategy it runs ({@code auto} plans like feature extraction until its search chooses)
     */
    public static TrainingStrategy engineStrategy(TrainingRequest request) {
        return request.strategy() == dev.baton.contracts.messages.TrainingStrategy.AUTO
                ? TrainingStrategy.FEATURE_EXTRACTION : strategy(request.strategy());
    }

    private static TrainingStrategy strategy(dev.baton.contracts.messages.TrainingStrategy s) {
        return TrainingStrategy.valueOf(s.name());
    }

    private static HeadType head(dev.baton.contracts.messages.HeadType h) {
        return HeadType.valueOf(h.name());
    }

    private static FreezeBoundary boundary(TrainingRequest r) {
        if (r.unfreezeLastBlocks() != null) {
            return FreezeBoundary.unfreezeLast(r.unfreezeLastBlocks());
        }
        if (r.unfreezeFrom() != null) {
            return FreezeBoundary.trainFrom(r.unfreezeFrom());
        }
        return null;
    }
}
