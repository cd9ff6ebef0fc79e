package dev.baton.transfer.weights.tfjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads a TF.js layers model: the {@code model.json} artifacts ({@code modelTopology} +
 * {@code weightsManifest}) and its weights, decoded to float32.
 *
 * <p>Accepted containers:
 * <ul>
 *   <li>a plain {@code model.json}, or a JS module wrapping that JSON as an object literal (nsfwjs'
 *       {@code model.min.js}; see {@link JsLiteral});</li>
 *   <li>weights embedded as a base64 string in the artifacts' {@code weightData} field, or in
 *       shards named by {@code weightsManifest[].paths} relative to the model file's folder. A shard
 *       path {@code p} resolves to the first existing file among {@code p}, {@code p.min.js} and
 *       {@code p.js}; a {@code .js} file is a JS module exporting the shard as a base64 string, any
 *       other file is the raw little-endian binary.</li>
 * </ul>
 * Shards are concatenated in manifest order and the weights are laid out back to back, exactly as
 * TF.js' {@code io.decodeWeights} expects. Supported storage: {@code float32} and {@code int32}
 * (raw, little-endian) and the {@code quantization} dtypes {@code uint8} and {@code uint16}
 * (decoded {@code q * scale + min}, computed in double then rounded to float32 as TF.js does) and
 * {@code float16}. Integer weights are returned as float values.
 */
public final class TfjsLayersModelReader {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private TfjsLayersModelReader() {
    }

    /**
     * Reads a model file and its shards from the same folder.
     *
     * @param modelFile {@code model.json} or a JS module wrapping it
     * @return the model
     * @throws IOException when a file cannot be read
     * @throws WeightFormatException when the artifacts or weights are malformed
     */
    public static TfjsLayersModel read(Path modelFile) throws IOException, WeightFormatException {
        JsonNode artifacts = readArtifacts(modelFile);
        Path dir = modelFile.toAbsolutePath().getParent();
        return fromArtifacts(artifacts, path -> readShard(dir, path), modelFile.getFileName().toString());
    }

    /**
     * Parses the artifacts JSON of a model file (plain JSON or JS module).
     *
     * @param modelFile the file
     * @return the artifacts object ({@code modelTopology}, {@code weightsManifest}, ...)
     * @throws IOException when the file cannot be read
     * @throws WeightFormatException when it holds no artifacts object
     */
    public static JsonNode readArtifacts(Path modelFile) throws IOException, WeightFormatException {
        String text = Files.readString(modelFile, StandardCharsets.UTF_8);
        String origin = modelFile.getFileName().toString();
        JsonNode node;
        if (text.stripLeading().startsWith("{")) {
            try {
                node = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new WeightFormatException(origin + ": invalid JSON: " + e.getOriginalMessage(), e);
            }
        } else {
            node = JsLiteral.exportedLiteral(text, origin);
        }
        if (!node.isObject() || !node.has("weightsManifest")) {
            throw new WeightFormatException(origin + ": not a TF.js model artifacts object (no weightsManifest)");
        }
        return node;
    }

    /** Supplies the bytes of one shard named in the weights manifest. */
    @FunctionalInterface
    public interface ShardLoader {
        /**
         * Loads a shard.
         *
         * @param path the manifest path
         * @return the shard's bytes
         * @throws IOException when it cannot be read
         * @throws WeightFormatException when it is malformed
         */
        byte[] load(String path) throws IOException, WeightFormatException;
    }

    /**
     * Decodes the weights of parsed artifacts.
     *
     * @param artifacts the artifacts object
     * @param shards loads the shards named by the manifest (unused when {@code weightData} is embedded)
     * @param origin a description for error messages
     * @return the model
     * @throws IOException when a shard cannot be read
     * @throws WeightFormatException when the manifest or data are malformed
     */
    public static TfjsLayersModel fromArtifacts(JsonNode artifacts, ShardLoader shards, String origin)
            throws IOException, WeightFormatException {
        JsonNode manifest = artifacts.path("weightsManifest");
        if (!manifest.isArray()) {
            throw new WeightFormatException(origin + ": weightsManifest is not an array");
        }
        List<TfjsWeightSpec> specs = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        JsonNode embedded = artifacts.path("weightData");
        for (JsonNode group : manifest) {
            for (JsonNode w : group.path("weights")) {
                specs.add(spec(w, origin));
            }
            if (!embedded.isTextual()) {
                for (JsonNode p : group.path("paths")) {
                    data.writeBytes(shards.load(p.asText()));
                }
            }
        }
        byte[] bytes;
        if (embedded.isTextual()) {
            bytes = base64(embedded.asText(), origin + " weightData");
        } else {
            bytes = data.toByteArray();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<NamedTensor> tensors = new ArrayList<>(specs.size());
        for (TfjsWeightSpec spec : specs) {
            tensors.add(new NamedTensor(spec.name(), spec.shape(), decode(spec, buf, origin)));
        }
        if (buf.hasRemaining()) {
            throw new WeightFormatException(origin + ": " + buf.remaining()
                    + " bytes of weight data left over after decoding the manifest");
        }
        JsonNode topology = artifacts.path("modelTopology");
        try {
            return new TfjsLayersModel(topology, specs, WeightSet.of(tensors));
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one shard from a folder (see the class comment for the resolution rule).
     *
     * @param dir the model's folder
     * @param path the manifest path
     * @return the shard's bytes
     * @throws IOException when no candidate file exists or it cannot be read
     * @throws WeightFormatException when a JS shard exports no base64 string
     */
    public static byte[] readShard(Path dir, String path) throws IOException, WeightFormatException {
        if (path.contains("..") || path.startsWith("/")) {
            throw new WeightFormatException("shard path '" + path + "' escapes the model folder");
        }
        for (String candidate : new String[] {path, path + ".min.js", path + ".js"}) {
            Path f = dir.resolve(candidate);
            if (Files.isRegularFile(f)) {
                if (candidate.endsWith(".js")) {
                    JsonNode lit = JsLiteral.exportedLiteral(Files.readString(f, StandardCharsets.UTF_8), candidate);
                    if (!lit.isTextual()) {
                        throw new WeightFormatException(candidate + ": shard module does not export a base64 string");
                    }
                    return base64(lit.asText(), candidate);
                }
                return Files.readAllBytes(f);
            }
        }
        throw new java.nio.file.NoSuchFileException(dir.resolve(path).toString(), null,
                "no shard file (tried " + path + ", " + path + ".min.js, " + path + ".js)");
    }

    private static byte[] base64(String text, String origin) throws WeightFormatException {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(origin + ": invalid base64: " + e.getMessage(), e);
        }
    }

    private static TfjsWeightSpec spec(JsonNode w, String origin) throws WeightFormatException {
        String name = w.path("name").asText(null);
        if (name == null || !w.path("shape").isArray()) {
            throw new WeightFormatException(origin + ": weight entry without name or shape: " + w);
        }
        long[] shape = new long[w.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = w.path("shape").get(i).asLong();
        }
        String dtype = w.path("dtype").asText("float32");
        Optional<TfjsWeightSpec.Quantization> q = Optional.empty();
        JsonNode qn = w.path("quantization");
        if (qn.isObject()) {
            String qd = qn.path("dtype").asText(null);
            if ("uint8".equals(qd) || "uint16".equals(qd)) {
                if (!qn.has("scale") || !qn.has("min")) {
                    throw new WeightFormatException(origin + ": weight '" + name + "' quantised as " + qd
                            + " lacks scale/min");
                }
                q = Optional.of(new TfjsWeightSpec.Quantization(qd, qn.path("scale").asDouble(), qn.path("min").asDouble()));
            } else if ("float16".equals(qd)) {
                q = Optional.of(new TfjsWeightSpec.Quantization(qd, Double.NaN, Double.NaN));
            } else {
                throw new WeightFormatException(origin + ": weight '" + name + "' has unsupported quantization dtype " + qd);
            }
        }
        return new TfjsWeightSpec(name, shape, dtype, q);
    }

    /**
     * Decodes one weight from the current position of a little-endian buffer, advancing it.
     *
     * @param spec the manifest entry
     * @param buf the concatenated weight data, positioned at this weight
     * @param origin a description for error messages
     * @return the float32 values, row-major in the source layout
     * @throws WeightFormatException when the data is truncated or the dtype unsupported
     */
    public static float[] decode(TfjsWeightSpec spec, ByteBuffer buf, String origin) throws WeightFormatException {
        long n = NamedTensor.elementCount(spec.shape());
        if (n > Integer.MAX_VALUE) {
            throw new WeightFormatException(origin + ": weight '" + spec.name() + "' too large");
        }
        int size = (int) n;
        String storage = spec.quantization().map(TfjsWeightSpec.Quantization::dtype).orElse(spec.dtype());
        int width = switch (storage) {
            case "uint8" -> 1;
            case "uint16", "float16" -> 2;
            case "float32", "int32" -> 4;
            default -> throw new WeightFormatException(origin + ": weight '" + spec.name()
                    + "' has unsupported dtype " + storage);
        };
        if (!spec.dtype().equals("float32") && !spec.dtype().equals("int32")) {
            throw new WeightFormatException(origin + ": weight '" + spec.name() + "' has unsupported dtype " + spec.dtype());
        }
        if ((long) size * width > buf.remaining()) {
            throw new WeightFormatException(origin + ": weight data truncated at '" + spec.name() + "': needs "
                    + (long) size * width + " bytes, " + buf.remaining() + " left");
        }
        boolean integer = spec.dtype().equals("int32");
        float[] out = new float[size];
        switch (storage) {
            case "uint8", "uint16" -> {
                TfjsWeightSpec.Quantization q = spec.quantization().orElseThrow();
                for (int i = 0; i < size; i++) {
                    int v = storage.equals("uint8") ? Byte.toUnsignedInt(buf.get()) : Short.toUnsignedInt(buf.getShort());
                    double d = v * q.scale() + q.min();
                    out[i] = (float) (integer ? Math.round(d) : d);
                }
            }
            case "float16" -> {
                for (int i = 0; i < size; i++) {
                    out[i] = halfToFloat(buf.getShort());
                }
            }
            case "float32" -> {
                for (int i = 0; i < size; i++) {
                    out[i] = buf.getFloat();
                }
            }
            default -> { // int32
                for (int i = 0; i < size; i++) {
                    out[i] = buf.getInt();
                }
            }
        }
        return out;
    }

    /**
     * Converts an IEEE 754 binary16 value to float.
     *
     * @param bits the half-precision bits
     * @return the value
     */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
