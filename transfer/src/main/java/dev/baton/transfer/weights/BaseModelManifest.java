package dev.baton.transfer.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JSON manifest written next to an offline pretrained base's weights file: what the weights
 * are, how the backbone must be configured and fed to reproduce the source model, where they came
 * from, under which licence, and the weights file's checksum.
 *
 * @param formatVersion manifest format version ({@value #FORMAT_VERSION})
 * @param baseModel Baton base model name, e.g. {@code mobilenet_v2}
 * @param architecture backbone configuration the weights need
 * @param normalization input normalisation; field names and values follow
 *     {@code dev.baton.transfer.data.Normalization} ({@code scale} is an {@code InputScale} name)
 * @param inputScaling human-readable input scaling, e.g. {@code x/127.5-1 on RGB 0..255, range [-1,1]}
 * @param source where the weights came from
 * @param licence SPDX licence id of the source
 * @param provenance what the weights are (pretraining data, retrained parts)
 * @param weights the weights file
 */
public record BaseModelManifest(
        int formatVersion,
        String baseModel,
        Architecture architecture,
        NormalizationSpec normalization,
        String inputScaling,
        Source source,
        String licence,
        String provenance,
        WeightsFile weights) {

    /** Current manifest format version. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name in a base's folder. */
    public static final String FILE = "base-manifest.json";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * Creates the base model manifest, validating and copying its parts.
     *
     * @param formatVersion see the record component
     * @param baseModel see the record component
     * @param architecture see the record component
     * @param normalization see the record component
     * @param inputScaling see the record component
     * @param source see the record component
     * @param licence see the record component
     * @param provenance see the record component
     * @param weights see the record component
     */
    public BaseModelManifest {
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(weights, "weights");
    }

    /**
     * Backbone configuration needed to reproduce the source model.
     *
     * @param name architecture name, e.g. {@code mobilenet_v2}
     * @param parameterLayout parameter naming/layout, {@code torchvision} (OIHW kernels)
     * @param widthMultiplier width (alpha)
     * @param inputSize square input size in pixels
     * @param inputLayout tensor layout of the backbone input, {@code NCHW}
     * @param featureChannels channels of the output feature map
     * @param batchNormEpsilon BatchNorm epsilon
     * @param paddingMode {@code TORCH} or {@code TF_SAME} ({@code dev.baton.transfer.model.PaddingMode} names)
     */
    public record Architecture(String name, String parameterLayout, double widthMultiplier, int inputSize,
            String inputLayout, int featureChannels, double batchNormEpsilon, String paddingMode) {
    }

    /**
     * Input normalisation, same fields as {@code dev.baton.transfer.data.Normalization}.
     *
     * @param scale {@code UNIT}, {@code SYMMETRIC} or {@code RAW_255}
     * @param channelOrder {@code RGB} or {@code BGR}
     * @param mean per-channel mean after scaling
     * @param std per-channel std after scaling
     */
    public record NormalizationSpec(String scale, String channelOrder, List<Double> mean, List<Double> std) {
        /**
         * Creates the normalization spec, validating and copying its parts.
         *
         * @param scale see the record component
         * @param channelOrder see the record component
         * @param mean see the record component
         * @param std see the record component
         */
        public NormalizationSpec {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
        }
    }

    /**
     * Origin of the weights.
     *
     * @param description e.g. {@code nsfwjs@4.4.0 TF.js layers model}
     * @param packageName the package, e.g. {@code nsfwjs}
     * @param packageVersion its version
     * @param files SHA-256 of the source files read, keyed by path inside the package
     */
    public record Source(String description, String packageName, String packageVersion, Map<String, String> files) {
        /**
         * Creates the source, validating and copying its parts.
         *
         * @param description see the record component
         * @param packageName see the record component
         * @param packageVersion see the record component
         * @param files see the record component
         */
        public Source {
            files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        }
    }

    /**
     * The weights file.
     *
     * @param file file name, relative to the manifest's folder
     * @param format {@code safetensors} (see {@link SafetensorsFile})
     * @param sha256 SHA-256 of the file, lowercase hex
     * @param tensorCount number of tensors
     * @param elementCount number of scalar values
     */
    public record WeightsFile(String file, String format, String sha256, int tensorCount, long elementCount) {
    }

    /**
     * Serialises to JSON.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest not serialisable", e);
        }
    }

    /**
     * Writes the manifest atomically.
     *
     * @param file the destination
     * @throws IOException when writing fails
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not createTempFile: that would make the file owner-only (0600) instead of following the umask
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.writeString(tmp, toJson() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a manifest.
     *
     * @param file the file
     * @return the manifest
     * @throws IOException when reading fails
     * @throws WeightFormatException when the JSON is not a manifest
     */
    public static BaseModelManifest read(Path file) throws IOException, WeightFormatException {
        try {
            return MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), BaseModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new WeightFormatException(file + ": not a base model manifest: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Checks the weights file next to the manifest against the recorded checksum.
     *
     * @param manifestDir the folder holding the manifest and the weights file
     * @return the weights file
     * @throws IOException when reading fails
     * @throws WeightFormatException when the checksum differs
     */
    public Path verifiedWeightsFile(Path manifestDir) throws IOException, WeightFormatException {
        Path f = manifestDir.resolve(weights.file());
        String actual = SafetensorsFile.sha256(f);
        if (!actual.equals(weights.sha256())) {
            throw new WeightFormatException(f + ": sha256 " + actual + " does not match manifest " + weights.sha256());
        }
        return f;
    }
}
