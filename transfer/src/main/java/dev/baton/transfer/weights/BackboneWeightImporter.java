package dev.baton.transfer.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies mapped weights (torchvision names and layouts) onto a backbone's DJL parameters by name.
 *
 * <p>The target is the backbone's torchvision-named parameter map (e.g.
 * {@code dev.baton.transfer.model.Backbone#parameters()}), after the backbone block has been
 * initialised so every parameter has an array. Everything is checked before anything is written:
 * every backbone parameter must have a source weight of exactly the same shape; with
 * {@code strict}, every source weight must also be used. The values are then written in place into
 * the existing arrays (same NDManager, device and gradient attachment).
 */
public final class BackboneWeightImporter {
    private BackboneWeightImporter() {
    }

    /**
     * Imports the weights.
     *
     * @param source the weights, torchvision names and layouts
     * @param target backbone parameters keyed by torchvision name, all initialised
     * @param strict whether a source weight without a backbone parameter is an error
     * @return what was copied
     * @throws ParameterMismatchException naming the first parameter that is missing, extra (strict),
     *     uninitialised or of the wrong shape; nothing is written in that case
     */
    public static ImportReport importInto(WeightSet source, Map<String, Parameter> target, boolean strict)
            throws ParameterMismatchException {
        List<String> imported = new ArrayList<>(target.size());
        long elements = 0;
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            String name = e.getKey();
            long[] expected = targetShape(name, e.getValue());
            NamedTensor t = source.find(name).orElse(null);
            if (t == null) {
                throw new ParameterMismatchException(name, ParameterMismatchException.Kind.MISSING_IN_SOURCE, expected, null);
            }
            if (!Arrays.equals(expected, t.shape())) {
                throw new ParameterMismatchException(name, ParameterMismatchException.Kind.SHAPE_MISMATCH, expected, t.shape());
            }
            imported.add(name);
            elements += t.size();
        }
        Set<String> unused = new LinkedHashSet<>(source.names());
        unused.removeAll(target.keySet());
        if (strict && !unused.isEmpty()) {
            String first = unused.iterator().next();
            throw new ParameterMismatchException(first, ParameterMismatchException.Kind.UNEXPECTED_IN_SOURCE, null,
                    source.find(first).map(NamedTensor::shape).orElse(null));
        }
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            NDArray array = e.getValue().getArray();
            float[] values = source.find(e.getKey()).orElseThrow().values();
            if (array.getDataType() == DataType.FLOAT32) {
                array.set(values);
            } else {
                try (NDArray tmp = array.getManager().create(values, array.getShape())) {
                    array.set(tmp.toType(array.getDataType(), false).toByteBuffer());
                }
            }
        }
        return new ImportReport(imported, new ArrayList<>(unused), elements);
    }

    /**
     * Loads an exported base (see {@link NsfwjsMobileNetV2#exportBase}) onto a backbone: reads the
     * {@link BaseModelManifest}, checks the weights file's SHA-256, reads it ({@link SafetensorsFile})
     * and imports it strictly. The caller must have built the backbone as the manifest's
     * {@code architecture} says (BatchNorm epsilon, padding mode, width, input size).
     *
     * @param manifestFile the manifest JSON; the weights file lies in the same folder
     * @param target backbone parameters keyed by torchvision name, all initialised
     * @return the manifest
     * @throws IOException when a file cannot be read
     * @throws WeightFormatException when a file is malformed or the checksum differs
     * @throws ParameterMismatchException when the weights do not fit the backbone exactly
     */
    public static BaseModelManifest importBase(java.nio.file.Path manifestFile, Map<String, Parameter> target)
            throws java.io.IOException, WeightImportException {
        BaseModelManifest manifest = BaseModelManifest.read(manifestFile);
        java.nio.file.Path weights = manifest.verifiedWeightsFile(manifestFile.toAbsolutePath().getParent());
        importInto(SafetensorsFile.read(weights), target, true);
        return manifest;
    }

    /**
     * Reads a backbone's parameters back as a {@link WeightSet} (e.g. to export an imported base).
     *
     * @param parameters parameters keyed by torchvision name, all initialised
     * @return their float32 values, in the map's order
     * @throws ParameterMismatchException when a parameter has no array
     */
    public static WeightSet export(Map<String, Parameter> parameters) throws ParameterMismatchException {
        List<NamedTensor> out = new ArrayList<>(parameters.size());
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            long[] shape = targetShape(e.getKey(), e.getValue());
            NDArray a = e.getValue().getArray();
            float[] values = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray()
                    : a.toType(DataType.FLOAT32, false).toFloatArray();
            out.add(new NamedTensor(e.getKey(), shape, values));
        }
        return WeightSet.of(out);
    }

    private static long[] targetShape(String name, Parameter p) throws ParameterMismatchException {
        if (p == null || !p.isInitialized()) {
            Shape s = p == null ? null : p.getShape();
            throw new ParameterMismatchException(name, ParameterMismatchException.Kind.UNINITIALISED_TARGET,
                    s == null ? null : s.getShape(), null);
        }
        return p.getArray().getShape().getShape();
    }
}
