package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSplitterTest {
    /** An in-memory index (no files needed to split): class i has counts[i] samples. */
    private static ImageFolderIndex index(int... counts) {
        List<String> names = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            names.add("class" + c);
            for (int i = 0; i < counts[c]; i++) {
                samples.add(new Sample(Path.of("class" + c, i + ".png"), c));
            }
        }
        return new ImageFolderIndex(Path.of("root"), names, samples, List.of(), 0);
    }

    @Test
    void splitsEachClassByTheFraction() {
        DatasetSplit split = new StratifiedSplitter(0.2, 42).split(index(10, 20, 5));
        assertEquals(Map.of("class0", 2, "class1", 4, "class2", 1), split.validationCounts());
        assertEquals(Map.of("class0", 8, "class1", 16, "class2", 4), split.trainCounts());
    }

    @Test
    void partsAreDisjointAndCoverTheIndex() {
        ImageFolderIndex all = index(13, 7, 9);
        DatasetSplit split = new StratifiedSplitter(0.3, 1).split(all);
        Set<Sample> seen = new HashSet<>(split.train().samples());
        for (Sample s : split.validation().samples()) {
            assertTrue(seen.add(s), "in both parts: " + s);
        }
        assertEquals(new HashSet<>(all.samples()), seen);
        assertEquals(all.classNames(), split.validation().classNames());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        ImageFolderIndex all = index(50, 50);
        DatasetSplit a = new StratifiedSplitter(0.2, 7).split(all);
        DatasetSplit b = new StratifiedSplitter(0.2, 7).split(all);
        DatasetSplit c = new StratifiedSplitter(0.2, 8).split(all);
        assertEquals(a, b);
        assertNotEquals(a.validation().samples(), c.validation().samples());
    }

    @Test
    void smallClassesKeepOneOfEachWhenPossible() {
        DatasetSplit split = new StratifiedSplitter(0.1, 3).split(index(2, 1, 3));
        assertEquals(Map.of("class0", 1, "class1", 0, "class2", 1), split.validationCounts());
        assertEquals(Map.of("class0", 1, "class1", 1, "class2", 2), split.trainCounts());
    }

    @Test
    void zeroFractionKeepsEverythingForTraining() {
        DatasetSplit split = new StratifiedSplitter(0.0, 3).split(index(4, 4));
        assertEquals(8, split.train().size());
        assertEquals(0, split.validation().size());
    }

    @Test
    void rejectsBadFractions() {
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSplitter(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new StratifiedSplitter(-0.1, 0));
    }
}
