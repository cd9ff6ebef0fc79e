package dev.baton.transfer.weights.torchvision;

import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import dev.baton.transfer.weights.torchvision.TorchScriptUnpickler.StorageRef;
import dev.baton.transfer.weights.torchvision.TorchScriptUnpickler.StorageType;
import dev.baton.transfer.weights.torchvision.TorchScriptUnpickler.TensorRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.objects.ClassDict;

/**
 * The tensors of a TorchScript file read from the file's own zip archive ({@code torch.jit.save}
 * format): the module tree pickled in {@code <archive>/data.pkl} names every tensor attribute of
 * every submodule (parameters and buffers alike, e.g. {@code 0.1.running_mean}), the raw
 * little-endian storages lie in {@code <archive>/data/<key>}. Also gives the archive's extra files
 * ({@code <archive>/extra/<name>}, {@code torch.jit.save(..., _extra_files=...)}).
 *
 * <p>Floating-point tensors (float32, float64) are returned as float32; integer tensors such as
 * BatchNorm's {@code num_batches_tracked} are only named.
 */
public final class TorchScriptArchive {
    private static final Comparator<String> MODULE_ORDER = TorchScriptArchive::compareNames;

    private final WeightSet floatTensors;
    private final List<String> otherTensors;
    private final Map<String, String> extraFiles;

    private TorchScriptArchive(WeightSet floatTensors, List<String> otherTensors, Map<String, String> extraFiles) {
        this.floatTensors = floatTensors;
        this.otherTensors = List.copyOf(otherTensors);
        this.extraFiles = Collections.unmodifiableMap(extraFiles);
    }

    /**
     * Reads a TorchScript file.
     *
     * @param file the file
     * @return its tensors and extra files
     * @throws IOException when the file cannot be read
     * @throws WeightFormatException when it is not a TorchScript archive, is truncated, or holds a
     *     floating-point tensor of an unsupported type (float16, bfloat16: convert with {@code .float()})
     */
    public static TorchScriptArchive read(Path file) throws IOException, WeightFormatException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = zip.stream()
                    .filter(e -> e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9)
                    .findFirst()
                    .orElseThrow(() -> new WeightFormatException(file + ": no <archive>/data.pkl; not a TorchScript file"));
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null && !"little".equals(text(zip, byteOrder).strip())) {
                throw new WeightFormatException(file + ": big-endian tensor storages are not supported");
            }
            Object root;
            try (InputStream in = zip.getInputStream(pickle)) {
                TorchScriptUnpickler unpickler = new TorchScriptUnpickler();
                root = unpickler.load(in);
                unpickler.close();
            } catch (PickleException | ClassCastException e) {
                throw new WeightFormatException(file + ": unreadable TorchScript module data: " + e.getMessage(), e);
            }
            if (!(root instanceof ClassDict module)) {
                throw new WeightFormatException(file + ": data.pkl does not hold a module");
            }
            Map<String, TensorRef> refs = new TreeMap<>(MODULE_ORDER);
            collect(module, "", refs);
            List<NamedTensor> floats = new ArrayList<>();
            List<String> others = new ArrayList<>();
            Map<String, ByteBuffer> storages = new HashMap<>();
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                TensorRef t = e.getValue();
                if (!t.storage().type().floatingPoint()) {
                    others.add(e.getKey());
                    continue;
                }
                ByteBuffer storage = storages.get(t.storage().key());
                if (storage == null) {
                    storage = storage(zip, prefix, t.storage(), file);
                    storages.put(t.storage().key(), storage);
                }
                floats.add(new NamedTensor(e.getKey(), t.shape(), values(e.getKey(), t, storage, file)));
            }
            Map<String, String> extra = new TreeMap<>();
            String extraPrefix = prefix + "extra/";
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().startsWith(extraPrefix) && !entry.isDirectory()) {
                    extra.put(entry.getName().substring(extraPrefix.length()), text(zip, entry));
                }
            }
            return new TorchScriptArchive(WeightSet.of(floats), others, extra);
        } catch (ZipException e) {
            throw new WeightFormatException(file + ": not a TorchScript file (unreadable zip archive: " + e.getMessage() + ")", e);
        }
    }

    /** @return the floating-point tensors as float32, under dotted module paths, in module order */
    public WeightSet floatTensors() {
        return floatTensors;
    }

    /** @return the names of the integer and boolean tensors (e.g. {@code num_batches_tracked}), not read */
    public List<String> otherTensors() {
        return otherTensors;
    }

    /**
     * An extra file of the archive.
     *
     * @param name its name, e.g. {@code baton-export.json}
     * @return its UTF-8 text, if present
     */
    public Optional<String> extraFile(String name) {
        return Optional.ofNullable(extraFiles.get(name));
    }

    /** @return all extra files, text by name */
    public Map<String, String> extraFiles() {
        return extraFiles;
    }

    private static void collect(ClassDict module, String path, Map<String, TensorRef> out) {
        for (Map.Entry<String, Object> e : module.entrySet()) {
            if (e.getValue() instanceof TensorRef t) {
                out.put(path + e.getKey(), t);
            } else if (e.getValue() instanceof ClassDict child && child.getClassName().startsWith("__torch__.")) {
                collect(child, path + e.getKey() + ".", out);
            }
        }
    }

    private static ByteBuffer storage(ZipFile zip, String prefix, StorageRef ref, Path file)
            throws IOException, WeightFormatException {
        ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
        if (entry == null) {
            throw new WeightFormatException(file + ": tensor storage data/" + ref.key() + " is missing");
        }
        long bytes = ref.elements() * ref.type().bytes();
        if (bytes > Integer.MAX_VALUE) {
            throw new WeightFormatException(file + ": tensor storage data/" + ref.key() + " is larger than 2 GiB");
        }
        byte[] data;
        try (InputStream in = zip.getInputStream(entry)) {
            data = in.readNBytes((int) bytes);
        }
        if (data.length != bytes) {
            throw new WeightFormatException(file + ": tensor storage data/" + ref.key() + " is truncated ("
                    + data.length + " of " + bytes + " bytes)");
        }
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] values(String name, TensorRef t, ByteBuffer storage, Path file) throws WeightFormatException {
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (stride.length != shape.length) {
            throw new WeightFormatException(file + ": tensor '" + name + "' has " + shape.length + " dimensions but "
                    + stride.length + " strides");
        }
        StorageType type = t.storage().type();
        if (type != StorageType.FloatStorage && type != StorageType.DoubleStorage) {
            throw new WeightFormatException(file + ": tensor '" + name + "' is " + type
                    + "; save the model in float32 (model.float()) before exporting");
        }
        int count = Math.toIntExact(NamedTensor.elementCount(shape));
        float[] out = new float[count];
        long[] index = new long[shape.length];
        for (int i = 0; i < count; i++) {
            long element = t.offset();
            for (int d = 0; d < shape.length; d++) {
                element += index[d] * stride[d];
            }
            if (element < 0 || element >= t.storage().elements()) {
                throw new WeightFormatException(file + ": tensor '" + name + "' " + Arrays.toString(shape)
                        + " reaches outside its storage");
            }
            out[i] = type == StorageType.FloatStorage
                    ? storage.getFloat((int) (element * 4))
                    : (float) storage.getDouble((int) (element * 8));
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    private static String text(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Dotted names in module order: numeric path components compare as numbers ({@code 2} before {@code 10}). */
    private static int compareNames(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
