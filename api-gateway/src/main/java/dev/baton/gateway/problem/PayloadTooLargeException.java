package dev.baton.gateway.problem;

import dev.baton.contracts.json.FieldViolation;
import java.util.List;

/** 413: an upload is over a size limit. */
public class PayloadTooLargeException extends ApiException {
    /**
     * @param field the part or file at fault
     * @param message which limit it exceeds
     */
    public PayloadTooLargeException(String field, String message) {
        super(413, "Payload too large", field + ": " + message, List.of(new FieldViolation(field, message)));
    }
}
