package dev.baton.gateway.predictions;

import dev.baton.gateway.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This gateway's name as the owner of running batches: {@code baton.gateway.batches.instance}, or the host
 * name and HTTP port (on Kubernetes the pod's name, kept by a restarted container).
 */
@ApplicationScoped
public class GatewayInstance {
    private final String name;

    GatewayInstance(GatewaySettings settings, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.name = settings.batches().instance().orElseGet(() -> hostName() + ":" + port);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
