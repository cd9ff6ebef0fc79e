package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Prometheus' HTTP API, as Grafana calls it: range queries for graphs, instant queries for tables. */
final class PrometheusQueries {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;

    /** @param url Prometheus' base URL */
    PrometheusQueries(String url) {
        this.url = url;
    }

    /**
     * The answer to one query.
     *
     * @param ok whether Prometheus parsed and ran it
     * @param error its error otherwise
     * @param series how many series it returned
     * @param numeric how many of them have at least one sample that is a number (not NaN)
     */
    record Answer(boolean ok, String error, int series, int numeric) {
    }

    /** Runs a range query from start to end with the given step. */
    Answer range(String promql, Instant start, Instant end, Duration step) throws IOException, InterruptedException {
        return answer(post("/api/v1/query_range", "query=" + encode(promql) + "&start=" + seconds(start)
                + "&end=" + seconds(end) + "&step=" + step.toMillis() / 1000.0));
    }

    /** Runs an instant query at the given time. */
    Answer instant(String promql, Instant at) throws IOException, InterruptedException {
        return answer(post("/api/v1/query", "query=" + encode(promql) + "&time=" + seconds(at)));
    }

    /** @return the {@code data.result} of an instant query (which must succeed) */
    JsonNode result(String promql) throws IOException, InterruptedException {
        JsonNode body = post("/api/v1/query", "query=" + encode(promql));
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError(promql + ": " + body);
        }
        return body.path("data").path("result");
    }

    private static Answer answer(JsonNode body) {
        if (!"success".equals(body.path("status").asText())) {
            return new Answer(false, body.path("errorType").asText() + ": " + body.path("error").asText(), 0, 0);
        }
        int series = 0;
        int numeric = 0;
        for (JsonNode s : body.path("data").path("result")) {
            series++;
            boolean number = false;
            if (s.has("value")) {
                number = isNumber(s.path("value"));
            }
            for (JsonNode v : s.path("values")) {
                number |= isNumber(v);
            }
            numeric += number ? 1 : 0;
        }
        return new Answer(true, "", series, numeric);
    }

    private static boolean isNumber(JsonNode sample) {
        String v = sample.path(1).asText();
        return !v.equals("NaN") && !v.isEmpty();
    }

    private JsonNode post(String path, String form) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String seconds(Instant t) {
        return Double.toString(t.toEpochMilli() / 1000.0);
    }
}
