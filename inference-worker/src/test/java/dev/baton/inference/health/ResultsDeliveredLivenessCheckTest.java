package dev.baton.inference.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** What the liveness probe reports before and after a result is refused for good. */
class ResultsDeliveredLivenessCheckTest {

    @Test
    void liveUntilAResultCannotBeDeliveredThenSaysWhyARestartHelps() {
        AtomicInteger undelivered = new AtomicInteger();
        ResultsDeliveredLivenessCheck check = new ResultsDeliveredLivenessCheck(undelivered::get);
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());

        undelivered.set(2);
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertEquals("results-delivered", down.getName());
        assertEquals(2L, down.getData().orElseThrow().get("undeliveredResults"));
        assertTrue(down.getData().orElseThrow().get("reason").toString().contains("answered again after this worker restarts"));
    }
}
