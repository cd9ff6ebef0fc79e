package dev.baton.bench.learning;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.data.CorruptionLimit;
import dev.baton.transfer.data.DataOptions;
import dev.baton.transfer.data.ImageFolderDataset;
import dev.baton.transfer.data.ImageFolderIndex;
import dev.baton.transfer.data.ImageFolderScanner;
import dev.baton.transfer.data.ImageLoader;
import dev.baton.transfer.data.ImagePreprocessor;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.data.TrainingData;
import dev.baton.transfer.data.TrainingDataFactory;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.WeightSource;
import dev.baton.transfer.weights.NsfwjsMobileNetV2;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Exports what the PyTorch reference row (bench/learning/pytorch_finetune.py) needs to train on exactly
 * Baton's inputs: {@code ExportTensors <base> <data> <out> [size]} writes, as NumPy files, the images
 * after Baton's decoding, grey-to-RGB and bilinear resize (uint8, (N, C, H, W), C = 1 when every image
 * is grey) with their labels, for the job's stratified split (fraction 0.1, seed 42, as LearningBench)
 * and the test split: {@code train-x.npy train-y.npy val-x.npy val-y.npy test-x.npy test-y.npy}; and
 * {@code reference-x.npy}/{@code reference-features.npy}: Baton's normalised input and its base's
 * globally pooled features for the first test batch, to check the PyTorch port of the base.
 */
public final class ExportTensors {

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 96;
        int batch = 32;
        Normalization norm = Normalization.SYMMETRIC;
        TrainingData td = TrainingDataFactory.prepare(data.resolve("train"), new DataOptions(size, norm, 0.1, 42, batch,
                Augmentation.NONE, CorruptionLimit.DEFAULT, ImageLoader.DEFAULT_CACHE_BYTES));
        ImageFolderIndex testIndex = new ImageFolderScanner(CorruptionLimit.DEFAULT, ImageFolderScanner.Verification.HEADER)
                .scan(data.resolve("test"));
        ImageFolderDataset test = ImageFolderDataset.builder().setIndex(testIndex)
                .setPreprocessor(new ImagePreprocessor(size, norm)).setSampling(batch, false).build();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            export(td.trainClean(), manager, out, "train", size);
            export(td.validation(), manager, out, "val", size);
            export(test, manager, out, "test", size);
            reference(base, test, manager, out, size, td.index().classNames().size());
        }
        Files.writeString(out.resolve("classes.txt"), String.join("\n", td.index().classNames()) + "\n");
    }

    /** Pixels back from Baton's symmetric normalisation (x / 127.5 - 1): exact for 8-bit values. */
    private static void export(Dataset ds, NDManager manager, Path out, String name, int size) throws Exception {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int n = 0;
        boolean grey = true;
        int plane = size * size;
        for (Batch b : ds.getData(manager)) {
            try (b) {
                float[] x = b.getData().singletonOrThrow().toFloatArray();
                float[] y = b.getLabels().singletonOrThrow().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .toFloatArray();
                int count = y.length;
                byte[] u8 = new byte[x.length];
                for (int i = 0; i < x.length; i++) {
                    u8[i] = (byte) Math.max(0, Math.min(255, Math.round((x[i] + 1f) * 127.5f)));
                }
                for (int k = 0; k < count && grey; k++) {
                    int o = k * 3 * plane;
                    grey = Arrays.equals(u8, o, o + plane, u8, o + plane, o + 2 * plane)
                            && Arrays.equals(u8, o, o + plane, u8, o + 2 * plane, o + 3 * plane);
                }
                pixels.write(u8);
                for (float v : y) {
                    labels.write((int) v);
                }
                n += count;
            }
        }
        byte[] all = pixels.toByteArray();
        int channels = 3;
        if (grey) {
            channels = 1;
            byte[] one = new byte[n * plane];
            for (int k = 0; k < n; k++) {
                System.arraycopy(all, k * 3 * plane, one, k * plane, plane);
            }
            all = one;
        }
        writeNpy(out.resolve(name + "-x.npy"), "|u1", new long[] {n, channels, size, size}, all);
        writeNpy(out.resolve(name + "-y.npy"), "|u1", new long[] {n}, labels.toByteArray());
        System.err.printf("%s: %d images, %d channel(s)%n", name, n, channels);
    }

    private static void reference(Path base, Dataset test, NDManager manager, Path out, int size, int classes)
            throws Exception {
        TrainingSpec spec = TrainingSpec.builder("mobilenet_v2").inputSize(size).paddingMode(PaddingMode.TF_SAME)
                .batchNormEpsilon(1e-3f).build();
        Backbone backbone = BackboneFactory.create(spec.base(), spec.backboneConfig());
        try (TransferModel model = TransferModel.create(backbone,
                HeadFactory.create(HeadSpec.defaults(HeadType.GAP), classes), Device.cpu())) {
            WeightSource.importedBase(base.resolve(NsfwjsMobileNetV2.MANIFEST_FILE), NsfwjsMobileNetV2.SOURCE)
                    .apply(backbone);
            Batch b = test.getData(manager).iterator().next();
            NDArray x = b.getData().singletonOrThrow();
            NDArray f = backbone.block().forward(new ParameterStore(model.manager(), false), new NDList(x), false)
                    .singletonOrThrow();
            NDArray pooled = Pool.globalAvgPool2d(f);
            writeNpy(out.resolve("reference-x.npy"), "<f4", x.getShape().getShape(), floats(x.toFloatArray()));
            writeNpy(out.resolve("reference-features.npy"), "<f4", pooled.getShape().getShape(),
                    floats(pooled.toFloatArray()));
            b.close();
        }
    }

    private static byte[] floats(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    /** NumPy format 1.0, C order. */
    private static void writeNpy(Path file, String dtype, long[] shape, byte[] body) throws IOException {
        StringBuilder s = new StringBuilder();
        for (long d : shape) {
            s.append(d).append(shape.length == 1 ? "," : ", ");
        }
        String shp = shape.length == 1 ? s.toString() : s.substring(0, s.length() - 2);
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + shp + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = header.length();
            o.write(new byte[] {(byte) (len & 0xff), (byte) (len >> 8)});
            o.write(header.getBytes(StandardCharsets.US_ASCII));
            o.write(body);
        }
    }
}
