package dev.baton.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.baton.transfer.data.FashionMnistConverter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton make-dataset}: builds image-folder datasets on this machine from Debian's data packages. */
@Command(name = "make-dataset", description = "Build an image-folder dataset from a Debian data package.",
        subcommands = {LocalDatasetsCommand.FashionMnist.class, LocalDatasetsCommand.LfwFaces.class})
final class LocalDatasetsCommand {

    @Command(name = "fashion-mnist", description = "Fashion-MNIST (Debian package dataset-fashion-mnist) as PNG "
            + "folders: <out>/train/<class>/ and <out>/test/<class>/.")
    static final class FashionMnist implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "target folder")
        Path out;

        @Option(names = "--per-class", defaultValue = "200", description = "training images per class (default ${DEFAULT-VALUE})")
        int perClass;

        @Option(names = "--test-per-class", defaultValue = "20", description = "held-out images per class (default ${DEFAULT-VALUE})")
        int testPerClass;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() throws Exception {
            FashionMnistConverter.Result result = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR)
                    .convert(out, perClass, testPerClass, seed);
            System.out.println("train: " + result.trainDir() + " " + result.trainCounts());
            System.out.println("test:  " + result.testDir());
            return 0;
        }
    }

    @Command(name = "lfw-faces", description = "The face / non-face crops of scikit-image's lfw_subset "
            + "(Debian package python3-skimage, file skimage/data/lfw_subset.npy: 100 faces, then 100 non-faces, "
            + "25x25 grey) as <out>/face/ and <out>/non_face/ PNGs.")
    static final class LfwFaces implements Callable<Integer> {
        @Option(names = "--npy", required = true, description = "path to lfw_subset.npy")
        Path npy;

        @Option(names = "--out", required = true, description = "target folder")
        Path out;

        @Override
        public Integer call() throws IOException {
            try (NDManager manager = NDManager.newBaseManager(); InputStream in = Files.newInputStream(npy)) {
                NDArray images = NDList.decode(manager, in).singletonOrThrow();
                long count = images.getShape().get(0);
                int height = (int) images.getShape().get(1);
                int width = (int) images.getShape().get(2);
                float[] pixels = images.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < count; i++) {
                    String label = i < count / 2 ? "face" : "non_face";
                    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            int value = Math.round(Math.max(0f, Math.min(1f, pixels[(i * height + y) * width + x])) * 255f);
                            image.getRaster().setSample(x, y, 0, value);
                        }
                    }
                    Path file = out.resolve(label).resolve(String.format("%03d.png", i));
                    Files.createDirectories(file.getParent());
                    ImageIO.write(image, "png", file.toFile());
                }
                System.out.printf("%d images (%dx%d) in %s/face and %s/non_face%n", count, width, height, out, out);
            }
            return 0;
        }
    }
}
