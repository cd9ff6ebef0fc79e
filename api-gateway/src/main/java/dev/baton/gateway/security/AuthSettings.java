package dev.baton.gateway.security;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's API keys ({@code baton.auth.api-keys.<client>.key} and {@code .roles}). Keys come
 * from configuration or the environment (a Kubernetes Secret), never from code; a client whose
 * key is empty cannot sign in.
 */
@ConfigMapping(prefix = "baton.auth")
public interface AuthSettings {
    /** @return every client by name */
    Map<String, ApiClient> apiKeys();

    /** One client of the API. */
    interface ApiClient {
        /** @return its secret key; empty disables the client */
        Optional<String> key();

        /** @return its roles: {@value Roles#VIEWER}, {@value Roles#SUBMITTER} or {@value Roles#ADMIN} */
        Set<String> roles();
    }
}
