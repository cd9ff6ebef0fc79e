package dev.baton.contracts.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {
    @Test
    void layoutIsStableAndVersionsSortLexicographically() {
        assertEquals("datasets/fashion/images/Trouser/1.png", ObjectKeys.datasetImage("fashion", "Trouser", "1.png"));
        assertEquals("models/fashion/0000000007/", ObjectKeys.modelVersionPrefix("fashion", 7));
        assertEquals(7, ObjectKeys.versionOf(ObjectKeys.modelVersionPrefix("fashion", 7)));
        assertEquals("models/fashion/0000000007/manifest.json", ObjectKeys.modelVersionManifest("fashion", 7));
        assertEquals("base-models/mobilenet_v2-imagenet/", ObjectKeys.baseModelPrefix("mobilenet_v2-imagenet"));
        assertEquals("checkpoints/job-1/", ObjectKeys.checkpointPrefix("job-1"));
        assertEquals(-1, ObjectKeys.modelVersionPrefix("m", 9).compareTo(ObjectKeys.modelVersionPrefix("m", 10)));
        assertEquals("batches/batch-1/parts/000009.jsonl", ObjectKeys.batchPredictionPart("batch-1", 9));
        assertEquals(-1, ObjectKeys.batchPredictionPart("b", 9).compareTo(ObjectKeys.batchPredictionPart("b", 10)));
        assertEquals(ObjectKeys.batchPredictionWorkPrefix("batch-1") + "lease.json",
                ObjectKeys.batchPredictionLease("batch-1"));
        assertEquals("predictions/batch-1/status.json", ObjectKeys.batchPredictionStatus("batch-1"));
    }

    @Test
    void namesCannotReachOutsideTheirPrefix() {
        for (String bad : new String[] {"..", "../x", "a/b", "/abs", "", "UPPER", "a..b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ObjectKeys.modelPrefix(bad), bad);
            assertEquals("model name '" + bad + "' must be 1-63 characters of a-z, 0-9, '.', '_' or '-', "
                    + "starting with a letter or digit", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.datasetImage("d", "..", "x.png"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.datasetImage("d", "cat", "../x.png"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.checkpointPrefix("a/b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.modelVersionPrefix("m", 0));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.batchPredictionLease("../b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.batchPredictionPart("b", -1));
    }
}
