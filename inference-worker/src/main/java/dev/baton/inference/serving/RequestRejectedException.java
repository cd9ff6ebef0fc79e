package dev.baton.inference.serving;

import dev.baton.contracts.messages.InferenceResult.InferenceError.Code;

/** A request that cannot be served, with the error code its result carries. */
public class RequestRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Code code;

    /**
     * @param code the code for the client
     * @param message what is wrong
     */
    public RequestRejectedException(Code code, String message) {
        super(message);
        this.code = code;
    }

    /** @return the code for the client */
    public Code code() {
        return code;
    }
}
