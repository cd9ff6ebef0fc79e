package dev.baton.transfer.weights;

import dev.baton.transfer.weights.keras.KerasMobileNetV2Mapping;
import dev.baton.transfer.weights.tfjs.TfjsLayersModel;
import dev.baton.transfer.weights.tfjs.TfjsLayersModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline pretrained MobileNetV2 base taken from the npm package {@code nsfwjs@4.4.0} (MIT).
 *
 * <p>The package ships a Keras MobileNetV2 (width 1.0, 224 px, Keras 2.2.4) as a TF.js layers model
 * with uint8-quantised weights, in {@code dist/models/mobilenet_v2/} as JS modules wrapping the
 * {@code model.json} ({@code model.min.js}) and a base64 shard ({@code group1-shard1of1.min.js}).
 * Its layers up to {@code block_10} are ImageNet weights its authors kept frozen
 * (torchvision {@code features.0..features.11}); {@code block_11..block_16} and {@code Conv_1}
 * ({@code features.12..features.18}) were retrained with a 5-class NSFW head, which is dropped here.
 *
 * <p>The package is fetched (never by Java code) with {@code deploy/base-models/fetch-nsfwjs.sh},
 * which unpacks it into {@code <baton root>/.baton/base-models/nsfwjs-4.4.0/}. The backbone that
 * takes these weights must be built with BatchNorm epsilon 1e-3 and {@code TF_SAME} padding and fed
 * RGB scaled as {@code x / 127.5 - 1}.
 */
public final class NsfwjsMobileNetV2 {
    /** npm package name. */
    public static final String PACKAGE_NAME = "nsfwjs";
    /** npm package version. */
    public static final String PACKAGE_VERSION = "4.4.0";
    /** Source description recorded in manifests. */
    public static final String SOURCE = "nsfwjs@4.4.0 TF.js layers model";
    /** Licence of the package (SPDX). */
    public static final String LICENCE = "MIT";
    /** Provenance text recorded in manifests. */
    public static final String PROVENANCE = "Keras MobileNetV2 (alpha 1.0, 224x224) from nsfwjs@4.4.0 "
            + "(dist/models/mobilenet_v2, uint8-quantised TF.js layers model). Layers up to block_10 "
            + "(torchvision features.0..features.11) are the ImageNet-pretrained Keras weights, kept frozen "
            + "by the nsfwjs authors; block_11..block_16 and Conv_1 (features.12..features.18) were retrained "
            + "for 5 NSFW classes (drawing, hentai, neutral, porn, sexy). The classification head is not included.";
    /** Folder of the model inside the unpacked package. */
    public static final String MODEL_DIR = "package/dist/models/mobilenet_v2";
    /** Model file inside {@link #MODEL_DIR}. */
    public static final String MODEL_FILE = "model.min.js";
    /** Weights file name written by {@link #exportBase}. */
    public static final String WEIGHTS_FILE = "mobilenet_v2-nsfwjs-4.4.0.safetensors";
    /** Manifest file name written by {@link #exportBase}. */
    public static final String MANIFEST_FILE = BaseModelManifest.FILE;
    /** Last ImageNet (frozen upstream) Keras block and its torchvision module. */
    public static final String LAST_IMAGENET_BLOCK = "features.11";

    private NsfwjsMobileNetV2() {
    }

    /**
     * Where fetch-nsfwjs.sh unpacks the package.
     *
     * @param batonRoot the repository root
     * @return {@code <root>/.baton/base-models/nsfwjs-4.4.0}
     */
    public static Path unpackedDir(Path batonRoot) {
        return batonRoot.resolve(".baton").resolve("base-models").resolve(PACKAGE_NAME + "-" + PACKAGE_VERSION);
    }

    /**
     * Reads the TF.js model from an unpacked package.
     *
     * @param unpackedDir the folder holding {@code package/}
     * @return the model with dequantised weights under Keras names
     * @throws IOException when a file is missing or unreadable
     * @throws WeightFormatException when the model is malformed
     */
    public static TfjsLayersModel read(Path unpackedDir) throws IOException, WeightFormatException {
        Path model = unpackedDir.resolve(MODEL_DIR).resolve(MODEL_FILE);
        if (!Files.isRegularFile(model)) {
            throw new NoSuchFileException(model.toString(), null,
                    "nsfwjs package not unpacked; run deploy/base-models/fetch-nsfwjs.sh");
        }
        return TfjsLayersModelReader.read(model);
    }

    /**
     * Reads the model and maps its backbone weights to torchvision names and layouts.
     *
     * @param unpackedDir the folder holding {@code package/}
     * @return the mapped weights (260 tensors at width 1.0: 52 kernels, 52 BatchNorms x 4) and the dropped head weights
     * @throws IOException when a file is missing or unreadable
     * @throws WeightFormatException when the model is malformed
     */
    public static MappingResult torchvisionWeights(Path unpackedDir) throws IOException, WeightFormatException {
        return KerasMobileNetV2Mapping.map(read(unpackedDir).weights());
    }

    /**
     * Writes the base in Baton's format: {@value #WEIGHTS_FILE} ({@link SafetensorsFile}, torchvision
     * names) and {@value #MANIFEST_FILE} ({@link BaseModelManifest}).
     *
     * @param unpackedDir the folder holding {@code package/}
     * @param outDir the destination folder
     * @return the manifest written
     * @throws IOException when reading or writing fails
     * @throws WeightFormatException when the model is malformed
     */
    public static BaseModelManifest exportBase(Path unpackedDir, Path outDir) throws IOException, WeightFormatException {
        MappingResult mapped = torchvisionWeights(unpackedDir);
        Map<String, String> files = new LinkedHashMap<>();
        Path modelDir = unpackedDir.resolve(MODEL_DIR);
        try (var list = Files.list(modelDir)) {
            for (Path f : list.sorted().toList()) {
                files.put("dist/models/mobilenet_v2/" + f.getFileName(), SafetensorsFile.sha256(f));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("source", SOURCE);
        meta.put("licence", LICENCE);
        Path weights = outDir.resolve(WEIGHTS_FILE);
        String sha = SafetensorsFile.write(weights, mapped.weights(), meta);
        int channels = (int) mapped.weights().require("features." + KerasMobileNetV2Mapping.LAST_FEATURE_INDEX
                + ".0.weight").shape()[0];
        BaseModelManifest manifest = new BaseModelManifest(
                BaseModelManifest.FORMAT_VERSION,
                "mobilenet_v2",
                new BaseModelManifest.Architecture("mobilenet_v2", "torchvision", 1.0, 224, "NCHW", channels,
                        KerasMobileNetV2Mapping.BATCH_NORM_EPS, KerasMobileNetV2Mapping.PADDING_MODE),
                new BaseModelManifest.NormalizationSpec("SYMMETRIC", "RGB", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)),
                "x/127.5-1 on RGB 0..255, range [-1,1]",
                new BaseModelManifest.Source(SOURCE, PACKAGE_NAME, PACKAGE_VERSION, files),
                LICENCE,
                PROVENANCE,
                new BaseModelManifest.WeightsFile(WEIGHTS_FILE, "safetensors", sha, mapped.weights().size(),
                        mapped.weights().elementCount()));
        manifest.write(outDir.resolve(MANIFEST_FILE));
        return manifest;
    }
}
