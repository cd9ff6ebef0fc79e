package dev.baton.transfer.weights.torchvision;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A TorchScript file's named tensors, loaded with DJL's PyTorch engine.
 *
 * <p>DJL 0.36 gives a loaded module's parameters only ({@code PtSymbolBlock.getDirectParameters()}
 * is libtorch's {@code named_parameters()}); buffers such as BatchNorm's {@code running_mean} and
 * {@code running_var} are read from the file's archive ({@link TorchScriptArchive}). Every parameter
 * libtorch reports must be in the archive with the same shape, so the two readings are checked
 * against each other. The result has torchvision {@code state_dict} names relative to the saved
 * module ({@code 0.0.weight} for a saved {@code features}, {@code features.0.0.weight} for a whole
 * model) and leaves out integer tensors ({@code num_batches_tracked}).
 */
public final class TorchScriptFile {
    private final WeightSet tensors;
    private final Set<String> parameterNames;
    private final Set<String> bufferNames;
    private final List<String> integerTensors;
    private final Map<String, String> extraFiles;

    private TorchScriptFile(WeightSet tensors, Set<String> parameterNames, Set<String> bufferNames,
            List<String> integerTensors, Map<String, String> extraFiles) {
        this.tensors = tensors;
        this.parameterNames = parameterNames;
        this.bufferNames = bufferNames;
        this.integerTensors = integerTensors;
        this.extraFiles = extraFiles;
    }

    /**
     * Loads a TorchScript file on the CPU.
     *
     * @param file the file ({@code torch.jit.save} of a scripted or traced module)
     * @return its tensors
     * @throws IOException when the file cannot be read
     * @throws WeightFormatException when PyTorch cannot load it (not TorchScript, truncated) or its
     *     archive does not agree with what PyTorch loaded
     */
    public static TorchScriptFile read(Path file) throws IOException, WeightFormatException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Map<String, NamedTensor> parameters = parameters(file);
        TorchScriptArchive archive = TorchScriptArchive.read(file);
        WeightSet stored = archive.floatTensors();
        for (NamedTensor p : parameters.values()) {
            NamedTensor s = stored.find(p.name()).orElseThrow(() -> new WeightFormatException(file
                    + ": PyTorch loaded parameter '" + p.name() + "' that the archive's module data does not name"));
            if (!Arrays.equals(p.shape(), s.shape())) {
                throw new WeightFormatException(file + ": parameter '" + p.name() + "' is " + Arrays.toString(p.shape())
                        + " in PyTorch but " + Arrays.toString(s.shape()) + " in the archive's module data");
            }
        }
        List<NamedTensor> all = new ArrayList<>(stored.size());
        Set<String> buffers = new LinkedHashSet<>();
        for (NamedTensor s : stored.tensors()) {
            NamedTensor p = parameters.get(s.name());
            if (p == null) {
                buffers.add(s.name());
                all.add(s);
            } else {
                all.add(p);
            }
        }
        return new TorchScriptFile(WeightSet.of(all), Set.copyOf(parameters.keySet()), buffers,
                archive.otherTensors(), archive.extraFiles());
    }

    private static Map<String, NamedTensor> parameters(Path file) throws IOException, WeightFormatException {
        Map<String, NamedTensor> out = new LinkedHashMap<>();
        try (Model model = Model.newInstance("torchscript", Device.cpu(), "PyTorch")) {
            model.load(file, null, Map.of("mapLocation", "true"));
            for (Pair<String, Parameter> p : model.getBlock().getDirectParameters()) {
                NDArray array = p.getValue().getArray();
                if (!array.getDataType().isFloating()) {
                    continue;
                }
                float[] values = array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                        : array.toType(DataType.FLOAT32, false).toFloatArray();
                out.put(p.getKey(), new NamedTensor(p.getKey(), array.getShape().getShape(), values));
            }
        } catch (EngineException | MalformedModelException e) {
            throw new WeightFormatException(file + ": PyTorch cannot load it as TorchScript: " + firstLine(e.getMessage()), e);
        }
        return out;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** @return parameters and floating-point buffers, float32, in module order */
    public WeightSet tensors() {
        return tensors;
    }

    /** @return the names libtorch reports as parameters */
    public Set<String> parameterNames() {
        return parameterNames;
    }

    /** @return the floating-point tensors that are not parameters (e.g. BatchNorm running statistics) */
    public Set<String> bufferNames() {
        return bufferNames;
    }

    /** @return integer tensors left out (e.g. {@code num_batches_tracked}) */
    public List<String> integerTensors() {
        return integerTensors;
    }

    /**
     * An extra file of the archive.
     *
     * @param name its name
     * @return its text, if present
     */
    public Optional<String> extraFile(String name) {
        return Optional.ofNullable(extraFiles.get(name));
    }
}
