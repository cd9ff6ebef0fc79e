package dev.baton.transfer.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Converts Fashion-MNIST (Debian package {@code dataset-fashion-mnist}, IDX files in
 * {@link #DEBIAN_DIR}) into image-folder datasets of 28x28 grayscale PNGs:
 * {@code target/train/<class>/<index>.png} and {@code target/test/<class>/<index>.png}, with a
 * seeded per-class subset. Same inputs, same files.
 *
 * <p>CLI: {@code FashionMnistConverter <sourceDir> <targetDir> <perClass> <seed> [testPerClass]}.
 */
public final class FashionMnistConverter {
    /** Where the Debian package installs the files. */
    public static final Path DEBIAN_DIR = Paths.get("/usr/share/datasets/fashion-mnist");
    /** The class names by Fashion-MNIST label id (folder-safe: '/' and spaces replaced). */
    public static final List<String> CLASS_NAMES = List.of("T-shirt_top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot");

    /** What one conversion wrote: images per class name, for each split. */
    public record Result(Path trainDir, Path testDir, Map<String, Integer> trainCounts,
            Map<String, Integer> testCounts) {
    }

    private final Path sourceDir;

    public FashionMnistConverter(Path sourceDir) {
        this.sourceDir = sourceDir;
    }

    /**
     * Writes {@code perClassTrain} (at most) images per class of the training split and
     * {@code perClassTest} of the test split under {@code targetDir}, picked by {@code seed}. A
     * count of 0 writes nothing for that split (the source files must still exist).
     *
     * @throws FashionMnistNotInstalledException if the IDX files are missing
     * @throws IOException if reading or writing fails, or the files are malformed
     */
    public Result convert(Path targetDir, int perClassTrain, int perClassTest, long seed)
            throws FashionMnistNotInstalledException, IOException {
        if (perClassTrain < 0 || perClassTest < 0) {
            throw new IllegalArgumentException("per-class counts must be >= 0");
        }
        Path trainDir = targetDir.resolve("train");
        Path testDir = targetDir.resolve("test");
        Map<String, Integer> train = convertSplit("train", trainDir, perClassTrain, seed);
        Map<String, Integer> test = convertSplit("t10k", testDir, perClassTest, seed + 1);
        return new Result(trainDir, testDir, train, test);
    }

    private Map<String, Integer> convertSplit(String prefix, Path out, int perClass, long seed)
            throws FashionMnistNotInstalledException, IOException {
        Map<String, Integer> counts = new TreeMap<>();
        if (perClass == 0) {
            locate(prefix + "-images-idx3-ubyte");
            locate(prefix + "-labels-idx1-ubyte");
            CLASS_NAMES.forEach(c -> counts.put(c, 0));
            return counts;
        }
        IdxFile images = IdxFile.read(locate(prefix + "-images-idx3-ubyte"));
        IdxFile labels = IdxFile.read(locate(prefix + "-labels-idx1-ubyte"));
        if (images.dims().length != 3 || labels.dims().length != 1 || images.count() != labels.count()) {
            throw new IOException("Malformed Fashion-MNIST files for " + prefix + " in " + sourceDir);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < CLASS_NAMES.size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.count(); i++) {
            int label = labels.valueAt(i);
            if (label >= CLASS_NAMES.size()) {
                throw new IOException("Label " + label + " out of range at " + i + " in " + sourceDir);
            }
            byClass.get(label).add(i);
        }
        int h = images.dims()[1];
        int w = images.dims()[2];
        Random rng = new Random(seed);
        for (int c = 0; c < CLASS_NAMES.size(); c++) {
            List<Integer> members = byClass.get(c);
            Collections.shuffle(members, rng);
            List<Integer> chosen = new ArrayList<>(members.subList(0, Math.min(perClass, members.size())));
            Collections.sort(chosen);
            Path classDir = out.resolve(CLASS_NAMES.get(c));
            Files.createDirectories(classDir);
            for (int idx : chosen) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                System.arraycopy(images.data(), idx * images.itemSize(), px, 0, w * h);
                Path file = classDir.resolve(String.format("%05d.png", idx));
                if (!ImageIO.write(img, "png", file.toFile())) {
                    throw new IOException("No PNG writer available");
                }
            }
            counts.put(CLASS_NAMES.get(c), chosen.size());
        }
        return counts;
    }

    private Path locate(String name) throws FashionMnistNotInstalledException {
        for (String candidate : new String[] {name + ".gz", name}) {
            Path p = sourceDir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new FashionMnistNotInstalledException(sourceDir, name);
    }

    /**
     * CLI entry: {@code <sourceDir> <targetDir> <perClass> <seed> [testPerClass]}; prints the counts.
     * Exits with status 2 on usage errors and 1 when the package files are missing.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: FashionMnistConverter <sourceDir> <targetDir> <perClass> <seed> [testPerClass]"
                    + "\n  sourceDir is usually " + DEBIAN_DIR);
            System.exit(2);
            return;
        }
        int perClass = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        int testPerClass = args.length == 5 ? Integer.parseInt(args[4]) : perClass;
        try {
            Result r = new FashionMnistConverter(Paths.get(args[0]))
                    .convert(Paths.get(args[1]), perClass, testPerClass, seed);
            System.out.println("train " + r.trainDir() + " " + r.trainCounts());
            System.out.println("test " + r.testDir() + " " + r.testCounts());
        } catch (FashionMnistNotInstalledException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
