package dev.baton.transfer.weights.keras;

import dev.baton.transfer.weights.NamedTensor;
import dev.baton.transfer.weights.WeightFormatException;
import dev.baton.transfer.weights.WeightSet;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads the weights of a Keras {@code .h5} file (as written by {@code model.save_weights} or
 * {@code model.save}) with jHDF, e.g. {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5} or
 * {@code mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5}.
 *
 * <p>Layers are taken in the order of the {@code layer_names} attribute of the root group (or of
 * {@code model_weights} in a whole-model save); within a layer group, weights in the order of its
 * {@code weight_names} attribute, or, when absent, every dataset below the group sorted by path.
 * Each weight is returned as float32 under {@code <layer>/<weight name>}, e.g.
 * {@code block1_conv1/block1_conv1_W_1:0} (Keras 1) or {@code Conv1/Conv1/kernel:0} (Keras 2), in its
 * stored (Keras, channels-last) layout: feed the result to {@link KerasVgg16Mapping} or
 * {@link KerasMobileNetV2Mapping}.
 */
public final class KerasH5WeightsReader {
    private KerasH5WeightsReader() {
    }

    /**
     * Reads all layer weights.
     *
     * @param file the {@code .h5} file
     * @return the weights under {@code <layer>/<weight name>}, in layer order
     * @throws IOException when the file is missing or unreadable
     * @throws WeightFormatException when it is not a Keras weights file or holds non-numeric data
     */
    public static WeightSet read(Path file) throws IOException, WeightFormatException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Group root = hdf;
            Node mw = hdf.getChildren().get("model_weights");
            if (mw instanceof Group g) {
                root = g;
            }
            Attribute layerNames = root.getAttribute("layer_names");
            if (layerNames == null) {
                throw new WeightFormatException(file + ": no layer_names attribute; not a Keras weights file");
            }
            List<NamedTensor> out = new ArrayList<>();
            for (String layer : strings(layerNames, file)) {
                Node node = root.getChildren().get(layer);
                if (!(node instanceof Group group)) {
                    throw new WeightFormatException(file + ": layer '" + layer + "' listed in layer_names has no group");
                }
                Attribute weightNames = group.getAttribute("weight_names");
                if (weightNames != null) {
                    for (String w : strings(weightNames, file)) {
                        Node d = group.getByPath(w);
                        if (!(d instanceof Dataset ds)) {
                            throw new WeightFormatException(file + ": weight '" + layer + "/" + w + "' is not a dataset");
                        }
                        out.add(tensor(layer + "/" + w, ds, file));
                    }
                } else {
                    TreeMap<String, Dataset> found = new TreeMap<>();
                    collect(group, "", found);
                    for (var e : found.entrySet()) {
                        out.add(tensor(layer + "/" + e.getKey(), e.getValue(), file));
                    }
                }
            }
            try {
                return WeightSet.of(out);
            } catch (IllegalArgumentException e) {
                throw new WeightFormatException(file + ": " + e.getMessage(), e);
            }
        } catch (HdfException e) {
            throw new WeightFormatException(file + ": unreadable HDF5: " + e.getMessage(), e);
        }
    }

    private static void collect(Group g, String prefix, TreeMap<String, Dataset> out) {
        for (Node n : g.getChildren().values()) {
            String path = prefix.isEmpty() ? n.getName() : prefix + "/" + n.getName();
            if (n instanceof Dataset d) {
                out.put(path, d);
            } else if (n instanceof Group child) {
                collect(child, path, out);
            }
        }
    }

    private static List<String> strings(Attribute a, Path file) throws WeightFormatException {
        Object data = a.getData();
        List<String> out = new ArrayList<>();
        if (data instanceof String s) {
            out.add(s);
        } else if (data instanceof String[] arr) {
            for (String s : arr) {
                out.add(s);
            }
        } else if (data == null || (data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0)) {
            return out; // a layer without weights: h5py stores an empty array of another type
        } else {
            throw new WeightFormatException(file + ": attribute " + a.getName() + " is not a string list");
        }
        return out;
    }

    private static NamedTensor tensor(String name, Dataset ds, Path file) throws WeightFormatException {
        int[] dims = ds.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        Object flat = ds.isScalar() ? ds.getData() : ds.getDataFlat();
        float[] values;
        if (flat instanceof float[] f) {
            values = f;
        } else if (flat instanceof double[] d) {
            values = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                values[i] = (float) d[i];
            }
        } else if (flat instanceof Float f) {
            values = new float[] {f};
        } else if (flat instanceof Double d) {
            values = new float[] {d.floatValue()};
        } else {
            throw new WeightFormatException(file + ": weight '" + name + "' has unsupported type " + ds.getJavaType());
        }
        try {
            return new NamedTensor(name, shape, values);
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(file + ": " + e.getMessage(), e);
        }
    }
}
