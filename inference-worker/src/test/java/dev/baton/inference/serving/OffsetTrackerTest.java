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
        assertEquals(Map.of(p0, new OffsetAndMetadata(10)), commit(tracker));
        tracker.answered(p0, 10);
        assertEquals(Map.of(p0, new OffsetAndMetadata(13)), commit(tracker));
        assertTrue(tracker.toCommit().isEmpty(), "nothing moved");
        tracker.answered(p0, 14);
        tracker.answered(p0, 13);
        assertEquals(Map.of(p0, new OffsetAndMetadata(15)), commit(tracker));
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
        assertEquals(Map.of(p0, new OffsetAndMetadata(1)), commit(tracker), "stops at the undelivered request");
        tracker.taken(p0, 4);
        tracker.answered(p0, 4);
        assertTrue(tracker.toCommit().isEmpty(), "later answers never move the commit past it");
        assertEquals(1, tracker.undelivered());
        assertEquals(0, tracker.unanswered());
    }

    @Test
    void anOffsetCountsAsCommittedOnlyOnceTheBrokerConfirmedIt() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.taken(p0, 0);
        tracker.answered(p0, 0);
        Map<TopicPartition, OffsetAndMetadata> first = tracker.toCommit();
        assertEquals(Map.of(p0, new OffsetAndMetadata(1)), first);
        assertEquals(first, tracker.toCommit(), "a commit that failed (no callback success) is offered again");
        tracker.committed(first);
        assertTrue(tracker.toCommit().isEmpty(), "confirmed");
        tracker.taken(p0, 1);
        tracker.answered(p0, 1);
        Map<TopicPartition, OffsetAndMetadata> second = tracker.toCommit();
        tracker.forget(p0);
        tracker.committed(second);
        tracker.taken(p0, 1);
        tracker.answered(p0, 1);
        assertEquals(Map.of(p0, new OffsetAndMetadata(2)), tracker.toCommit(),
                "a late confirmation for a partition it no longer owned is ignored");
    }

    /** What the consumer does: commit, then record what the broker confirmed. */
    private static Map<TopicPartition, OffsetAndMetadata> commit(OffsetTracker tracker) {
        Map<TopicPartition, OffsetAndMetadata> due = tracker.toCommit();
        tracker.committed(due);
        return due;
    }
}
