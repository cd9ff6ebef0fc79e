package dev.baton.gateway.problem;

import java.util.List;

/** 429: a bounded resource of the gateway is full; the client should retry after {@link #retryAfterSeconds()}. */
public class TooManyRequestsException extends ApiException {
    private final int retryAfterSeconds;

    /**
     * @param detail which limit is reached
     * @param retryAfterSeconds when to try again, sent as {@code Retry-After}
     */
    public TooManyRequestsException(String detail, int retryAfterSeconds) {
        super(429, "Too many requests", detail, List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return seconds to wait before retrying */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
