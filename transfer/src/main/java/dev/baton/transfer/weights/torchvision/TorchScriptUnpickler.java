package dev.baton.transfer.weights.torchvision;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * Unpickles a TorchScript archive's {@code data.pkl} with Pyrolite: modules become
 * {@link ClassDict}s (class name {@code __torch__.…}, attributes as entries), tensors become
 * {@link TensorRef}s pointing into the archive's {@code data/<key>} storage entries. Nothing is
 * executed; globals other than torch's tensor and list builders become inert {@link ClassDict}s.
 * A new instance per file (Pyrolite's unpickler is not thread-safe).
 */
final class TorchScriptUnpickler extends Unpickler {

    /** A storage's element type, as named by the pickled {@code torch.<Name>Storage} global. */
    enum StorageType implements IObjectConstructor {
        /** float32. */
        FloatStorage(4, true),
        /** float64. */
        DoubleStorage(8, true),
        /** float16. */
        HalfStorage(2, true),
        /** bfloat16. */
        BFloat16Storage(2, true),
        /** int64. */
        LongStorage(8, false),
        /** int32. */
        IntStorage(4, false),
        /** int16. */
        ShortStorage(2, false),
        /** int8. */
        CharStorage(1, false),
        /** uint8. */
        ByteStorage(1, false),
        /** bool. */
        BoolStorage(1, false);

        private final int bytes;
        private final boolean floatingPoint;

        StorageType(int bytes, boolean floatingPoint) {
            this.bytes = bytes;
            this.floatingPoint = floatingPoint;
        }

        int bytes() {
            return bytes;
        }

        boolean floatingPoint() {
            return floatingPoint;
        }

        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch." + name() + " is a storage type, not a constructor");
        }
    }

    /**
     * A storage entry of the archive ({@code data/<key>}).
     *
     * @param key the entry name below {@code data/}
     * @param type the element type
     * @param elements the number of elements
     */
    record StorageRef(String key, StorageType type, long elements) {
    }

    /**
     * A tensor view on a storage ({@code torch._utils._rebuild_tensor_v2}).
     *
     * @param storage the storage
     * @param offset the offset into the storage, in elements
     * @param shape the dimensions
     * @param stride the strides, in elements
     */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
    }

    private static final IObjectConstructor REBUILD_TENSOR = args -> {
        if (args.length < 4 || !(args[0] instanceof StorageRef s)) {
            throw new PickleException("_rebuild_tensor_v2 with unexpected arguments " + Arrays.toString(args));
        }
        return new TensorRef(s, number(args[1]), longs(args[2]), longs(args[3]));
    };

    /** torch.jit._pickle's list builders: {@code build_intlist([...])} and friends return their argument. */
    private static final IObjectConstructor FIRST_ARGUMENT = args -> args.length > 0 ? args[0] : null;

    private static final Map<String, IObjectConstructor> TORCH_GLOBALS = Map.of(
            "torch._utils._rebuild_tensor_v2", REBUILD_TENSOR,
            "torch.jit._pickle.build_intlist", FIRST_ARGUMENT,
            "torch.jit._pickle.build_doublelist", FIRST_ARGUMENT,
            "torch.jit._pickle.build_boollist", FIRST_ARGUMENT,
            "torch.jit._pickle.build_tensorlist", FIRST_ARGUMENT,
            "torch.jit._pickle.build_genericlist", FIRST_ARGUMENT,
            "torch.jit._pickle.restore_type_tag", FIRST_ARGUMENT);

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        if (key == Opcodes.GLOBAL) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.STACK_GLOBAL) {
            String name = (String) stack.pop();
            String module = (String) stack.pop();
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        return super.dispatch(key);
    }

    private static IObjectConstructor global(String module, String name) {
        if ("torch".equals(module) && name.endsWith("Storage")) {
            try {
                return StorageType.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new PickleException("unsupported tensor storage torch." + name);
            }
        }
        IObjectConstructor known = TORCH_GLOBALS.get(module + "." + name);
        if (known != null) {
            return known;
        }
        // modules (__torch__.*), OrderedDict and anything else: an inert dictionary, arguments dropped
        return args -> new ClassDict(module, name);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        // ('storage', torch.FloatStorage, '<key>', '<location>', <numel>)
        if (pid instanceof Object[] t && t.length >= 5 && "storage".equals(t[0]) && t[1] instanceof StorageType type) {
            return new StorageRef(String.valueOf(t[2]), type, number(t[4]));
        }
        throw new PickleException("unsupported persistent id " + (pid instanceof Object[] a ? Arrays.toString(a) : pid));
    }

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new PickleException("expected an integer, found " + o);
    }

    private static long[] longs(Object o) {
        List<?> list = o instanceof Object[] a ? Arrays.asList(a) : o instanceof List<?> l ? l : null;
        if (list == null) {
            throw new PickleException("expected a tuple of integers, found " + o);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(list.get(i));
        }
        return out;
    }
}
