package dev.baton.transfer.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baton's weights file format: safetensors (the open tensor file format of the safetensors project),
 * a name &rarr; array file readable by Python's {@code safetensors} / {@code torch} as a torchvision
 * {@code state_dict} (minus {@code num_batches_tracked}).
 *
 * <p>Layout: an unsigned 64-bit little-endian header length {@code N}; {@code N} bytes of UTF-8 JSON
 * (padded with spaces to a multiple of 8) mapping each tensor name to
 * {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} plus an optional
 * {@code "__metadata__"} object of string values; then the raw little-endian float32 data, tensors
 * back to back in the header's order. Baton writes tensors in the {@link WeightSet}'s order with no
 * timestamps, so equal weights give byte-identical files and stable SHA-256 checksums.
 */
public final class SafetensorsFile {
    private static final JsonMapper MAPPER = new JsonMapper();
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsFile() {
    }

    /**
     * Writes weights atomically (temporary file, then move).
     *
     * @param file the destination
     * @param weights the tensors, written in order as F32
     * @param metadata string metadata for the header (may be empty)
     * @return the SHA-256 of the written file, lowercase hex
     * @throws IOException when writing fails
     */
    public static String write(Path file, WeightSet weights, Map<String, String> metadata) throws IOException {
        ObjectNode header = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (NamedTensor t : weights.tensors()) {
            if (METADATA.equals(t.name())) {
                throw new IllegalArgumentException("tensor name " + METADATA + " is reserved");
            }
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + 4L * t.size();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        MessageDigest sha = sha256();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not createTempFile: that would make the file owner-only (0600) instead of following the umask
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), sha)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(headerBytes);
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (NamedTensor t : weights.tensors()) {
                    for (float v : t.values()) {
                        if (!buf.hasRemaining()) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Reads all tensors (F32 only).
     *
     * @param file the file
     * @return the tensors, in header order
     * @throws IOException when reading fails
     * @throws WeightFormatException when the file is malformed or holds another dtype
     */
    public static WeightSet read(Path file) throws IOException, WeightFormatException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            JsonNode header = header(ch, file);
            long dataStart = ch.position();
            long dataLength = ch.size() - dataStart;
            List<NamedTensor> tensors = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = header.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (METADATA.equals(e.getKey())) {
                    continue;
                }
                JsonNode entry = e.getValue();
                if (!"F32".equals(entry.path("dtype").asText())) {
                    throw new WeightFormatException(file + ": tensor '" + e.getKey() + "' has dtype "
                            + entry.path("dtype").asText() + ", only F32 is supported");
                }
                long[] shape = new long[entry.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = entry.path("shape").get(i).asLong();
                }
                long begin = entry.path("data_offsets").path(0).asLong(-1);
                long end = entry.path("data_offsets").path(1).asLong(-1);
                long count = NamedTensor.elementCount(shape);
                if (begin < 0 || end > dataLength || end - begin != 4 * count || count > Integer.MAX_VALUE) {
                    throw new WeightFormatException(file + ": bad data_offsets for tensor '" + e.getKey() + "'");
                }
                ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                long pos = dataStart + begin;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new WeightFormatException(file + ": truncated data for tensor '" + e.getKey() + "'");
                    }
                    pos += n;
                }
                buf.flip();
                float[] values = new float[(int) count];
                buf.asFloatBuffer().get(values);
                tensors.add(new NamedTensor(e.getKey(), shape, values));
            }
            try {
                return WeightSet.of(tensors);
            } catch (IllegalArgumentException ex) {
                throw new WeightFormatException(file + ": " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * Reads the header's {@code __metadata__}.
     *
     * @param file the file
     * @return the metadata (empty when absent)
     * @throws IOException when reading fails
     * @throws WeightFormatException when the header is malformed
     */
    public static Map<String, String> readMetadata(Path file) throws IOException, WeightFormatException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, String> out = new LinkedHashMap<>();
            header(ch, file).path(METADATA).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }
    }

    /**
     * Computes a file's SHA-256.
     *
     * @param file the file
     * @return lowercase hex digest
     * @throws IOException when reading fails
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static JsonNode header(FileChannel ch, Path file) throws IOException, WeightFormatException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (len.hasRemaining()) {
            if (ch.read(len) < 0) {
                throw new WeightFormatException(file + ": truncated safetensors header length");
            }
        }
        long n = len.flip().getLong();
        if (n <= 0 || n > MAX_HEADER || n > ch.size() - 8) {
            throw new WeightFormatException(file + ": bad safetensors header length " + n);
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        while (hb.hasRemaining()) {
            if (ch.read(hb) < 0) {
                throw new WeightFormatException(file + ": truncated safetensors header");
            }
        }
        try {
            JsonNode header = MAPPER.readTree(new String(hb.array(), StandardCharsets.UTF_8).strip());
            if (!header.isObject()) {
                throw new WeightFormatException(file + ": safetensors header is not an object");
            }
            return header;
        } catch (JsonProcessingException e) {
            throw new WeightFormatException(file + ": invalid safetensors header: " + e.getOriginalMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
