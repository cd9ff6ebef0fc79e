package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on the real Debian package files ({@code apt-get install dataset-fashion-mnist}). */
class FashionMnistConverterTest {
    @TempDir
    Path target;

    private static Map<String, Integer> each(int n) {
        Map<String, Integer> m = new TreeMap<>();
        FashionMnistConverter.CLASS_NAMES.forEach(c -> m.put(c, n));
        return m;
    }

    @Test
    void convertsASeededSubsetOfTheRealFilesIntoAScannableImageFolder() throws Exception {
        FashionMnistConverter.Result r = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR)
                .convert(target, 4, 2, 42);
        assertEquals(each(4), r.trainCounts());
        assertEquals(each(2), r.testCounts());

        ImageFolderIndex train = new ImageFolderScanner(CorruptionLimit.none(),
                ImageFolderScanner.Verification.DECODE).scan(r.trainDir());
        assertEquals(FashionMnistConverter.CLASS_NAMES.stream().sorted().toList(), train.classNames());
        assertEquals(each(4), new TreeMap<>(train.classCounts()));
        assertEquals(20, new ImageFolderScanner().scan(r.testDir()).size());

        BufferedImage img = new ImageDecoder().decode(train.samples().get(0).path());
        assertEquals(28, img.getWidth());
        assertEquals(28, img.getHeight());
        int rgb = img.getRGB(14, 14) & 0xFFFFFF;
        assertEquals(rgb & 0xFF, (rgb >> 8) & 0xFF); // grayscale source: equal channels
    }

    @Test
    void sameSeedSameFilesOtherSeedOtherFiles() throws Exception {
        FashionMnistConverter c = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR);
        c.convert(target.resolve("a"), 3, 0, 7);
        c.convert(target.resolve("b"), 3, 0, 7);
        c.convert(target.resolve("c"), 3, 0, 8);
        List<String> a = names(target.resolve("a/train"));
        assertEquals(a, names(target.resolve("b/train")));
        assertTrue(!a.equals(names(target.resolve("c/train"))));
        Path first = target.resolve("a/train").resolve(a.get(0));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(target.resolve("b/train").resolve(a.get(0))));
    }

    @Test
    void mainTakesSourceTargetPerClassAndSeed() throws Exception {
        FashionMnistConverter.main(new String[] {FashionMnistConverter.DEBIAN_DIR.toString(),
                target.toString(), "2", "9", "1"});
        ImageFolderIndex train = new ImageFolderScanner().scan(target.resolve("train"));
        ImageFolderIndex test = new ImageFolderScanner().scan(target.resolve("test"));
        assertEquals(each(2), new TreeMap<>(train.classCounts()));
        assertEquals(each(1), new TreeMap<>(test.classCounts()));
    }

    @Test
    void missingPackageFilesTellHowToInstall() {
        FashionMnistNotInstalledException e = assertThrows(FashionMnistNotInstalledException.class,
                () -> new FashionMnistConverter(target.resolve("absent")).convert(target.resolve("out"), 1, 1, 0));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
