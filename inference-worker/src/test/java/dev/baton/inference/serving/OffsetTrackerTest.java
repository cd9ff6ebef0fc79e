package dev.baton.inference.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final TopicPartition p0 = new TopicPartition("t", 0);

    @Test
    void commitsNeverSkipAnUnansweredRequest() {
        OffsetTracker tracker = new OffsetTracker();
        for (long o = 10; o < 15; o++) {
            tracker.taken(p0, o);
        }
        tracker.answered(p0, 11);
        tracker.answered(p0, 12);
        assertEquals(Map.of(p0, new OffsetAndMetadata(10)), tracker.toCommit());
        tracker.answered(p0, 10);
        assertEquals(Map.of(p0, new OffsetAndMetadata(13)), tracker.toCommit());
        assertTrue(tracker.toCommit().isEmpty(), "nothing moved");
        tracker.answered(p0, 14);
        tracker.answered(p0, 13);
        assertEquals(Map.of(p0, new OffsetAndMetadata(15)), tracker.toCommit());
        assertEquals(0, tracker.unanswered());
        tracker.forget(p0);
        assertTrue(tracker.toCommit().isEmpty());
    }

    @Test
    void anUndeliveredResultHoldsItsRequestForRedelivery() {
        OffsetTracker tracker = new OffsetTracker();
        for (long o = 0; o < 4; o++) {
            tracker.taken(p0, o);
        }
        tracker.answered(p0, 0);
        tracker.undelivered(p0, 1);
        tracker.answered(p0, 2);
        tracker.answered(p0, 3);
        assertEquals(Map.of(p0, new OffsetAndMetadata(1)), tracker.toCommit(), "stops at the undelivered request");
        tracker.taken(p0, 4);
        tracker.answered(p0, 4);
        assertTrue(tracker.toCommit().isEmpty(), "later answers never move the commit past it");
        assertEquals(1, tracker.undelivered());
        assertEquals(0, tracker.unanswered());
    }
}
