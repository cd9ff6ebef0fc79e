package dev.baton.transfer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes named arrays: a magic header, a count, then per entry the name and DJL's
 * {@link NDArray#encode()} bytes. Used for model parameters (by torchvision-style name) and
 * optimizer state.
 */
public final class ParameterFile {

    private static final String MAGIC = "baton-params";
    private static final int VERSION = 1;

    private ParameterFile() {}

    /**
     * @param file the file to write
     * @param arrays arrays by name
     * @throws IOException on I/O failure
     */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] bytes = e.getValue().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * Writes the current values of parameters.
     *
     * @param file the file to write
     * @param parameters parameters by name
     * @throws IOException on I/O failure
     */
    public static void writeParameters(Path file, Map<String, Parameter> parameters)
            throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parameters.forEach((name, p) -> arrays.put(name, p.getArray()));
        write(file, arrays);
    }

    /**
     * @param file the file to read
     * @param manager manager that owns the returned arrays
     * @return arrays by name, in file order
     * @throws IOException on I/O failure or a corrupt file
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new MalformedParameterFileException(file + " is not a parameter file");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                arrays.put(name, manager.decode(bytes));
            }
        } catch (java.io.EOFException e) {
            throw new MalformedParameterFileException(file + " is truncated or not a parameter file");
        }
        return arrays;
    }

    /**
     * Copies arrays from a file into parameters, in place. Every parameter must be present with
     * the same shape.
     *
     * @param file the file to read
     * @param parameters the parameters to overwrite, by name
     * @throws IOException on I/O failure, a missing name or a shape mismatch
     */
    public static void readInto(Path file, Map<String, Parameter> parameters) throws IOException {
        NDManager any = parameters.values().iterator().next().getArray().getManager();
        try (NDManager scratch = any.newSubManager()) {
            Map<String, NDArray> arrays = read(file, scratch);
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray source = arrays.get(e.getKey());
                NDArray target = e.getValue().getArray();
                if (source == null) {
                    throw new MalformedParameterFileException(file + " has no parameter " + e.getKey());
                }
                if (!source.getShape().equals(target.getShape())) {
                    throw new MalformedParameterFileException(
                            e.getKey() + " has shape " + source.getShape() + " in " + file
                                    + " but " + target.getShape() + " in the network");
                }
                copyInto(source, target);
            }
        }
    }

    /**
     * Overwrites a parameter array's values in place (keeps its identity and gradient flag).
     *
     * @param source values to copy (same shape)
     * @param target parameter array
     */
    public static void copyInto(NDArray source, NDArray target) {
        target.set(source.toType(target.getDataType(), false).toDevice(target.getDevice(), false).toByteBuffer());
    }
}
