package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A subcommand that talks to the gateway: it gets the gateway options and a client. */
abstract class GatewayCommand implements Callable<Integer> {
    @Mixin
    GatewayOptions gateway;

    GatewayClient client() {
        return gateway.client();
    }
}
