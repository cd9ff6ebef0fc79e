package dev.baton.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a configured API key into an identity with the client's roles. Keys are held only as
 * SHA-256 digests and compared in constant time; a key is never logged.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {
    private final Map<String, AuthSettings.ApiClient> clients;
    private final Map<String, byte[]> digests;

    ApiKeyIdentityProvider(AuthSettings settings) {
        this.clients = settings.apiKeys();
        this.digests = clients.entrySet().stream()
                .filter(e -> e.getValue().key().filter(k -> !k.isBlank()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> sha256(e.getValue().key().orElseThrow())));
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = sha256(request.key());
        String client = null;
        for (Map.Entry<String, byte[]> entry : digests.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), presented)) {
                client = entry.getKey();
            }
        }
        if (client == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the API key is not known"));
        }
        Set<String> roles = new HashSet<>(clients.get(client).roles());
        if (roles.contains(Roles.ADMIN)) {
            roles.add(Roles.SUBMITTER);
        }
        if (roles.contains(Roles.SUBMITTER)) {
            roles.add(Roles.VIEWER);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(client)).addRoles(roles).build());
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
