package dev.baton.cli;

/** The gateway answered with an error (its problem+json detail is the message) or could not be reached. */
final class GatewayException extends RuntimeException {
    private final int status;

    GatewayException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status, or 0 when the gateway was not reached */
    int status() {
        return status;
    }
}
