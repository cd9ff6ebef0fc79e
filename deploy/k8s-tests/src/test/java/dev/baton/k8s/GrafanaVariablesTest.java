package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grafana's variables, substituted as Grafana does (values worked out from Grafana's rules by hand). */
class GrafanaVariablesTest {
    @Test
    void aSixHourDashboardOnAFifteenSecondScrape() {
        // 6 h / 1000 points = 21.6 s, which Grafana rounds to 20 s; rate interval max(20 s + 15 s, 4 * 15 s) = 1 m.
        GrafanaVariables g = new GrafanaVariables(Duration.ofHours(6), 1000, Duration.ofSeconds(15), Map.of("namespace", "baton"));
        assertEquals(Duration.ofSeconds(20), g.step());
        assertEquals("rate(x{namespace=\"baton\"}[1m]) / 20s / 20000 / 6h / 21600",
                g.substitute("rate(x{namespace=\"$namespace\"}[$__rate_interval]) / $__interval / $__interval_ms / $__range / $__range_s"));
    }

    @Test
    void aShortRangeNeverGoesBelowTheScrapeInterval() {
        GrafanaVariables g = new GrafanaVariables(Duration.ofSeconds(150), 1000, Duration.ofSeconds(1), Map.of("namespace", "ns"));
        assertEquals(Duration.ofSeconds(1), g.step());
        assertEquals("x{namespace=\"ns\",a=\"ns\",b=\"ns\"}[4s]",
                g.substitute("x{namespace=\"$namespace\",a=\"${namespace}\",b=\"[[namespace]]\"}[$__rate_interval]"));
    }

    @Test
    void grafanasRoundingTable() {
        assertEquals(500, GrafanaVariables.round(600));
        assertEquals(1_000, GrafanaVariables.round(1_200));
        assertEquals(60_000, GrafanaVariables.round(80_000));
        assertEquals(3_600_000, GrafanaVariables.round(4_000_000));
    }

    @Test
    void anUnknownVariableIsAnError() {
        GrafanaVariables g = new GrafanaVariables(Duration.ofHours(1), 1000, Duration.ofSeconds(15), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.substitute("up{pod=\"$pod\"}"));
        assertEquals("unknown variable $pod in: up{pod=\"$pod\"}", e.getMessage());
    }
}
