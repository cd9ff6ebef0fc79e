package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A small client of the gateway's REST API ({@code /api/v1}): JSON in and out, the API key in
 * {@code X-API-Key}, problem+json errors turned into {@link GatewayException}s that say what to do.
 */
final class GatewayClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = MessageCodec.instance().mapper();
    private final String base;
    private final String apiKey;

    GatewayClient(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send(request(path + queryString(query)).GET());
    }

    JsonNode postJson(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        headers.forEach(builder::header);
        return send(builder);
    }

    JsonNode putJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(body))));
    }

    JsonNode putStream(String path, String contentType, Supplier<InputStream> body) {
        return send(request(path).header("Content-Type", contentType).timeout(Duration.ofMinutes(30))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(body)));
    }

    JsonNode postBytes(String path, String contentType, byte[] body, Map<String, String> query) {
        return send(request(path + queryString(query)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    void delete(String path) {
        send(request(path).DELETE());
    }

    /**
     * Reads a Server-Sent Events stream until it ends or the consumer returns false.
     *
     * @param path the stream's path
     * @param onEvent receives (event name, JSON data); returns false to stop reading
     */
    void stream(String path, java.util.function.BiPredicate<String, JsonNode> onEvent) {
        HttpRequest request = request(path).header("Accept", "text/event-stream").timeout(Duration.ofDays(1)).GET().build();
        HttpResponse<Stream<String>> response = call(() -> http.send(request, HttpResponse.BodyHandlers.ofLines()));
        if (response.statusCode() >= 300) {
            throw error(response.statusCode(), response.body().collect(Collectors.joining("\n")));
        }
        String event = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && data.length() > 0) {
                    boolean more = onEvent.test(event, parse(data.toString()));
                    data.setLength(0);
                    event = "message";
                    if (!more) {
                        return;
                    }
                }
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Accept", "application/json, application/problem+json");
        if (apiKey != null && !apiKey.isBlank()) {
            builder.header("X-API-Key", apiKey);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpResponse<String> response = call(() -> http.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
        if (response.statusCode() >= 300) {
            throw error(response.statusCode(), response.body());
        }
        return response.body().isEmpty() ? mapper.nullNode() : parse(response.body());
    }

    private <T> T call(IoCall<T> call) {
        try {
            return call.run();
        } catch (ConnectException e) {
            throw new GatewayException(0, "cannot reach the gateway at " + base
                    + ": is it running? ('deploy/local/cluster.sh up' starts it; --gateway or BATON_GATEWAY moves it)");
        } catch (IOException e) {
            throw new GatewayException(0, "talking to the gateway at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(0, "interrupted");
        }
    }

    private GatewayException error(int status, String body) {
        String detail = body;
        try {
            JsonNode problem = mapper.readTree(body);
            detail = problem.path("detail").asText(problem.path("title").asText(body));
            if (problem.has("violations")) {
                detail += " " + problem.get("violations");
            }
        } catch (IOException notJson) {
            // keep the raw body
        }
        String hint = switch (status) {
            case 401 -> " (send an API key: --api-key or BATON_API_KEY)";
            case 403 -> " (this API key's role may not do that)";
            default -> "";
        };
        return new GatewayException(status, "gateway answered " + status + ": " + detail + hint);
    }

    private JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new GatewayException(0, "the gateway sent something that is not JSON: " + text);
        }
    }

    private byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String queryString(Map<String, String> query) {
        String joined = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return joined.isEmpty() ? "" : "?" + joined;
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException, InterruptedException;
    }
}
