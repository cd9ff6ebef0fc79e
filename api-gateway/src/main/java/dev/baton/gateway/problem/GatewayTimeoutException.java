package dev.baton.gateway.problem;

import java.util.List;

/** 504: no worker answered in time. */
public class GatewayTimeoutException extends ApiException {
    /** @param detail who did not answer, and how long we waited */
    public GatewayTimeoutException(String detail) {
        super(504, "Gateway timeout", detail, List.of());
    }
}
