package dev.baton.k8s;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's substitution of template and global variables in a Prometheus query, done the way
 * Grafana does it for a panel: {@code $__interval} is the time range divided by the panel's data
 * points, rounded by Grafana's table and never below the data source's scrape interval;
 * {@code $__rate_interval} is {@code max($__interval + scrape interval, 4 * scrape interval)};
 * {@code $__range} is the whole range; dashboard variables ({@code $namespace}) take their current
 * value. The forms {@code $var}, {@code ${var}} and {@code [[var]]} are all replaced; a variable
 * left over is an error, because Grafana would send it to Prometheus as text.
 */
final class GrafanaVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z]+)?}|\\[\\[([a-zA-Z_][a-zA-Z0-9_]*)]]"
            + "|\\$([a-zA-Z_][a-zA-Z0-9_]*)");
    /** Grafana's kbn.roundInterval: upper bound of the raw interval (ms) to the interval it becomes (ms). */
    private static final long[][] ROUNDING = {
        {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1_500, 1_000}, {3_500, 2_000},
        {7_500, 5_000}, {12_500, 10_000}, {17_500, 15_000}, {25_000, 20_000}, {45_000, 30_000}, {90_000, 60_000},
        {210_000, 120_000}, {450_000, 300_000}, {750_000, 600_000}, {1_050_000, 900_000}, {1_500_000, 1_200_000},
        {2_700_000, 1_800_000}, {5_400_000, 3_600_000}, {9_000_000, 7_200_000}, {16_200_000, 10_800_000},
        {24_300_000, 21_600_000}, {32_400_000, 28_800_000}, {86_400_000, 43_200_000}, {604_800_000, 86_400_000},
        {1_814_400_000, 604_800_000}, {3_628_800_000L, 2_592_000_000L}};

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Duration interval;

    /**
     * @param range the dashboard's time range
     * @param maxDataPoints the panel's data points (its width in pixels)
     * @param scrapeInterval the data source's scrape interval (Grafana's minimum interval)
     * @param dashboardVariables the dashboard's template variables and their current values
     */
    GrafanaVariables(Duration range, int maxDataPoints, Duration scrapeInterval, Map<String, String> dashboardVariables) {
        long raw = range.toMillis() / maxDataPoints;
        long rounded = round(raw);
        this.interval = Duration.ofMillis(Math.max(rounded, scrapeInterval.toMillis()));
        Duration rate = Duration.ofMillis(Math.max(interval.toMillis() + scrapeInterval.toMillis(),
                4 * scrapeInterval.toMillis()));
        values.putAll(dashboardVariables);
        values.put("__interval", promDuration(interval));
        values.put("__interval_ms", Long.toString(interval.toMillis()));
        values.put("__rate_interval", promDuration(rate));
        values.put("__range", promDuration(range));
        values.put("__range_s", Long.toString(range.toSeconds()));
        values.put("__range_ms", Long.toString(range.toMillis()));
    }

    /** Grafana's rounding of a raw interval in milliseconds. */
    static long round(long rawMillis) {
        for (long[] step : ROUNDING) {
            if (rawMillis <= step[0]) {
                return step[1];
            }
        }
        return 31_536_000_000L;
    }

    /** @return the step Grafana asks Prometheus for (the panel's interval) */
    Duration step() {
        return interval;
    }

    /**
     * @param expr a panel target's query
     * @return the query Grafana sends
     * @throws IllegalArgumentException when it names a variable that neither Grafana nor the dashboard defines
     */
    String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown variable $" + name + " in: " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String promDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
