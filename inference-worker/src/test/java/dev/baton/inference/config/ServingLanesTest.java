package dev.baton.inference.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What an operator gets for each combination of the lanes and threads settings. */
class ServingLanesTest {

    @Test
    void automaticOnCpuGivesOneSingleThreadLanePerCoreUpToFour() {
        assertEquals(new ServingLanes(1, 1), ServingLanes.resolve(0, 0, 1, false));
        assertEquals(new ServingLanes(2, 1), ServingLanes.resolve(0, 0, 2, false));
        assertEquals(new ServingLanes(4, 1), ServingLanes.resolve(0, 0, 4, false));
        assertEquals(new ServingLanes(4, 4), ServingLanes.resolve(0, 0, 16, false), "capped lanes share the cores");
        assertEquals(new ServingLanes(4, 2), ServingLanes.resolve(0, 0, 9, false));
    }

    @Test
    void automaticOnGpuGivesOneLane() {
        assertEquals(new ServingLanes(1, 8), ServingLanes.resolve(0, 0, 8, true));
    }

    @Test
    void explicitSettingsWinAndTheOtherIsDerivedFromThem() {
        assertEquals(new ServingLanes(1, 2), ServingLanes.resolve(1, 0, 2, false), "the former default: one lane");
        assertEquals(new ServingLanes(3, 1), ServingLanes.resolve(3, 0, 2, false), "more lanes than cores");
        assertEquals(new ServingLanes(2, 4), ServingLanes.resolve(0, 4, 8, false), "threads set: lanes fill the cores");
        assertEquals(new ServingLanes(1, 4), ServingLanes.resolve(0, 4, 2, false), "never fewer than one lane");
        assertEquals(new ServingLanes(2, 3), ServingLanes.resolve(2, 3, 2, false));
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServingLanes.resolve(-1, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> ServingLanes.resolve(0, -2, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new ServingLanes(0, 1));
    }
}
