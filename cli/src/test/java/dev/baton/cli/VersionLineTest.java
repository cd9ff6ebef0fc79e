package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code baton models versions} shows held-out accuracy, the epoch and the job, and leaves out what is absent. */
class VersionLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aVersionWithATestSplitShowsItsTestAccuracyFirst() throws Exception {
        String line = VersionLine.format(JSON.readTree("""
                {"version": 3, "publishedAt": "2026-12-05T12:00:00Z", "aliases": ["production"],
                 "provenance": {"jobId": "job-7", "metric.test_accuracy": "0.9213", "metric.val_accuracy": "0.93",
                                "metric.best_epoch": "7.0"}}"""));
        assertEquals("v3    2026-12-05T12:00:00Z  test 92.1 %  val 93.0 %  epoch 7  job job-7  aliases production", line);
    }

    @Test
    void anOlderVersionWithoutFiguresShowsWhatItHas() throws Exception {
        String line = VersionLine.format(JSON.readTree("""
                {"version": 1, "publishedAt": "2026-11-01T00:00:00Z", "aliases": [], "provenance": {"jobId": "j"}}"""));
        assertEquals("v1    2026-11-01T00:00:00Z  job j", line);
    }
}
