package dev.baton.gateway.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A dataset's {@code report.json} reads back, including the reports written before test splits were kept. */
class DatasetReportTest {
    private final ObjectMapper mapper = MessageCodec.instance().mapper();

    @Test
    void aReportWrittenBeforeTestSplitsReadsAsOneWithoutTestImages() throws Exception {
        String old = "{\"name\":\"fashion\",\"classes\":{\"Bag\":3,\"Coat\":2},\"images\":5,\"bytes\":1234,"
                + "\"skipped\":[{\"path\":\"x.txt\",\"reason\":\"not an image\"}],\"createdAt\":\"2026-12-01T10:00:00Z\"}";
        DatasetReport report = mapper.readValue(old, DatasetReport.class);
        assertEquals(5, report.images());
        assertEquals(2, report.classes().size());
        assertTrue(report.testClasses().isEmpty());
        assertEquals(0, report.testImages());
        assertEquals(1, report.skipped().size());
    }

    @Test
    void aReportWithATestSplitRoundTrips() throws Exception {
        TreeMap<String, Integer> train = new TreeMap<>();
        train.put("Bag", 3);
        TreeMap<String, Integer> test = new TreeMap<>();
        test.put("Bag", 1);
        DatasetReport report = new DatasetReport("fashion", train, 3, test, 1, 99, List.of(),
                Instant.parse("2026-12-06T10:00:00Z"));
        assertEquals(report, mapper.readValue(mapper.writeValueAsBytes(report), DatasetReport.class));
    }
}
