package dev.baton.cli;

import picocli.CommandLine.Option;

/** Where the gateway is and which API key to send: options with environment defaults. */
final class GatewayOptions {
    @Option(names = "--gateway", defaultValue = "${env:BATON_GATEWAY:-http://127.0.0.1:8080}",
            description = "gateway URL (env BATON_GATEWAY, default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--api-key", defaultValue = "${env:BATON_API_KEY}",
            description = "API key sent as X-API-Key (env BATON_API_KEY)")
    String apiKey;

    GatewayClient client() {
        return new GatewayClient(url, apiKey);
    }
}
