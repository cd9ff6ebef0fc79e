package dev.baton.gateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The API key a request presented, for {@link ApiKeyIdentityProvider}. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {
    private final String key;

    /** @param key the presented key */
    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    /** @return the presented key */
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[key=****]";
    }
}
