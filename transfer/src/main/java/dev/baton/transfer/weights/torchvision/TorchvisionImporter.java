package dev.baton.transfer.weights.torchvision;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.weights.BackboneWeightImporter;
import dev.baton.transfer.weights.BaseModelManifest;
import dev.baton.transfer.weights.ImportReport;
import dev.baton.transfer.weights.ParameterMismatchException;
import dev.baton.transfer.weights.SafetensorsFile;
import dev.baton.transfer.weights.WeightImportException;
import dev.baton.transfer.weights.WeightSet;
import dev.baton.transfer.weights.torchvision.TorchvisionMapping.Mapped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports a torchvision TorchScript file ({@code deploy/base-models/export_torchvision.py}, or any
 * {@code torch.jit.save} of a torchvision {@code vgg16}/{@code mobilenet_v2} or of its
 * {@code features}) onto Baton's backbone and writes it as a base: safetensors weights plus a
 * {@link BaseModelManifest} with torchvision's input normalisation (RGB scaled to [0, 1], ImageNet
 * mean {@code (0.485, 0.456, 0.406)} and std {@code (0.229, 0.224, 0.225)}), BatchNorm epsilon 1e-5
 * and symmetric padding.
 *
 * <p>Provenance comes from the file's {@value #EXPORT_METADATA} extra file when
 * export_torchvision.py wrote it (torchvision version, weights enum or random seed); otherwise the
 * manifest says the origin was not recorded.
 */
public final class TorchvisionImporter {
    /** The extra file export_torchvision.py writes into the archive. */
    public static final String EXPORT_METADATA = "baton-export.json";
    /** Licence recorded by default: torchvision's (BSD 3-Clause). */
    public static final String DEFAULT_LICENCE = "BSD-3-Clause";
    /** Square input size recorded by default: the size torchvision's ImageNet weights were trained at. */
    public static final int DEFAULT_INPUT_SIZE = 224;

    private static final JsonMapper MAPPER = new JsonMapper();
    private static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
    private static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    /**
     * What to import.
     *
     * @param architecture {@code vgg16} or {@code mobilenet_v2}, or empty to recognise it from the tensors
     * @param widthMultiplier the width multiplier, or empty to estimate it from the channel counts
     * @param inputSize square input size recorded in the manifest
     * @param licence SPDX licence id recorded in the manifest
     */
    public record Options(Optional<String> architecture, Optional<Double> widthMultiplier, int inputSize, String licence) {
        /**
         * Creates the options, validating their parts.
         *
         * @param architecture see the record component
         * @param widthMultiplier see the record component
         * @param inputSize see the record component
         * @param licence see the record component
         */
        public Options {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(widthMultiplier, "widthMultiplier");
            Objects.requireNonNull(licence, "licence");
        }

        /** @return recognise the architecture and width, 224 px, torchvision's licence */
        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), DEFAULT_INPUT_SIZE, DEFAULT_LICENCE);
        }

        /**
         * @param name {@code vgg16} or {@code mobilenet_v2}
         * @return these options with an explicit architecture
         */
        public Options withArchitecture(String name) {
            return new Options(Optional.of(name), widthMultiplier, inputSize, licence);
        }
    }

    /**
     * A loaded file, mapped onto backbone names.
     *
     * @param file the TorchScript file
     * @param sha256 its SHA-256
     * @param mapped the backbone weights
     * @param metadata export_torchvision.py's metadata, when the file has it
     */
    public record Loaded(Path file, String sha256, Mapped mapped, Optional<JsonNode> metadata) {
        /**
         * @param inputSize square input size
         * @return the backbone configuration these weights need (torchvision: eps 1e-5, symmetric padding)
         */
        public BackboneConfig config(int inputSize) {
            return BackboneConfig.torch(mapped.widthMultiplier(), inputSize);
        }
    }

    private TorchvisionImporter() {
    }

    /**
     * Loads a TorchScript file with DJL's PyTorch engine and maps its backbone tensors.
     *
     * @param file the file
     * @param options architecture and width, when not to be recognised
     * @return the mapped weights
     * @throws IOException when the file cannot be read
     * @throws WeightImportException when it is not TorchScript, is truncated, or is not a recognised architecture
     */
    public static Loaded load(Path file, Options options) throws IOException, WeightImportException {
        TorchScriptFile loaded = TorchScriptFile.read(file);
        Mapped mapped = TorchvisionMapping.map(loaded, file.getFileName().toString(), options.architecture(),
                options.widthMultiplier());
        Optional<JsonNode> metadata = Optional.empty();
        Optional<String> meta = loaded.extraFile(EXPORT_METADATA);
        if (meta.isPresent()) {
            try {
                metadata = Optional.of(MAPPER.readTree(meta.get()));
            } catch (JsonProcessingException e) {
                metadata = Optional.empty(); // provenance then says the origin was not recorded
            }
        }
        return new Loaded(file, SafetensorsFile.sha256(file), mapped, metadata);
    }

    /**
     * Copies the weights onto an initialised backbone, strictly: every backbone parameter needs a
     * tensor of the same shape and every {@code features.} tensor must be used.
     *
     * @param loaded the loaded file
     * @param backbone a backbone of the loaded architecture, initialised
     * @return what was copied
     * @throws ParameterMismatchException naming the first parameter that is missing, unexpected or of another shape
     */
    public static ImportReport importInto(Loaded loaded, Backbone backbone) throws ParameterMismatchException {
        return BackboneWeightImporter.importInto(loaded.mapped().mapping().weights(), backbone.parameters(), true);
    }

    /**
     * Imports a file and writes it in Baton's base format into a folder: {@code <architecture>-torchvision.safetensors}
     * and {@link BaseModelManifest#FILE}.
     *
     * @param file the TorchScript file
     * @param outDir the destination folder
     * @param options what to import
     * @return the manifest written
     * @throws IOException when reading or writing fails
     * @throws WeightImportException when the file is not TorchScript, not recognised, or does not fit the backbone
     */
    public static BaseModelManifest exportBase(Path file, Path outDir, Options options)
            throws IOException, WeightImportException {
        Loaded loaded = load(file, options);
        Mapped m = loaded.mapped();
        WeightSet weights;
        int channels;
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone backbone = BackboneFactory.create(m.architecture(), loaded.config(options.inputSize()));
            backbone.block().initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            importInto(loaded, backbone);
            weights = BackboneWeightImporter.export(backbone.parameters());
            channels = backbone.outputChannels();
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("source", "torchvision TorchScript " + file.getFileName());
        meta.put("licence", options.licence());
        String weightsFile = m.architecture() + "-torchvision.safetensors";
        String sha = SafetensorsFile.write(outDir.resolve(weightsFile), weights, meta);
        String tvVersion = loaded.metadata().map(j -> j.path("torchvision").asText(null)).orElse("unknown");
        BaseModelManifest manifest = new BaseModelManifest(
                BaseModelManifest.FORMAT_VERSION,
                m.architecture(),
                new BaseModelManifest.Architecture(m.architecture(), "torchvision", m.widthMultiplier(),
                        options.inputSize(), "NCHW", channels, 1e-5, PaddingMode.TORCH.name()),
                new BaseModelManifest.NormalizationSpec("UNIT", "RGB", IMAGENET_MEAN, IMAGENET_STD),
                "x/255 on RGB 0..255, then (x - mean) / std with ImageNet mean (0.485, 0.456, 0.406) "
                        + "and std (0.229, 0.224, 0.225)",
                new BaseModelManifest.Source("torchvision TorchScript " + file.getFileName() + " ("
                        + m.part().name().toLowerCase(Locale.ROOT) + ")", "torchvision", tvVersion,
                        Map.of(file.getFileName().toString(), loaded.sha256())),
                options.licence(),
                provenance(loaded),
                new BaseModelManifest.WeightsFile(weightsFile, "safetensors", sha, weights.size(), weights.elementCount()));
        manifest.write(outDir.resolve(BaseModelManifest.FILE));
        return manifest;
    }

    /**
     * What the weights are, from the file's export metadata.
     *
     * @param loaded the loaded file
     * @return the provenance text for the manifest
     */
    public static String provenance(Loaded loaded) {
        Mapped m = loaded.mapped();
        String what = "torchvision " + m.architecture() + " (width " + m.widthMultiplier() + ", "
                + (m.part() == TorchvisionMapping.Part.FULL ? "whole model, classifier left out" : "features")
                + ") from TorchScript file " + loaded.file().getFileName() + " (sha256 " + loaded.sha256() + ")";
        if (loaded.metadata().isEmpty()) {
            return what + "; its origin is not recorded in the file (no " + EXPORT_METADATA + ").";
        }
        JsonNode j = loaded.metadata().get();
        String exported = " Exported by deploy/base-models/export_torchvision.py with torch " + j.path("torch").asText("?")
                + ", torchvision " + j.path("torchvision").asText("?") + " (torch.jit." + j.path("mode").asText("?") + ").";
        String weights = j.path("weights").asText("none");
        if ("none".equals(weights)) {
            return what + ": NOT pretrained, seeded random weights (seed " + j.path("seed").asText("?")
                    + ", BatchNorm statistics and biases drawn at random too), for tests." + exported;
        }
        return what + ": torchvision's pretrained weights " + weights + " (ImageNet-1k)." + exported
                + " torchvision's pretrained weights may carry terms derived from their training data (ImageNet);"
                + " check that your use is permitted.";
    }
}
