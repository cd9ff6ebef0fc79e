package dev.baton.gateway.problem;

import dev.baton.contracts.json.FieldViolation;
import java.util.List;

/** 400: a value of the request is not acceptable. */
public class InvalidInputException extends ApiException {
    /**
     * @param field the field, parameter or header at fault
     * @param message what is wrong with it
     */
    public InvalidInputException(String field, String message) {
        super(400, "Invalid input", field + ": " + message, List.of(new FieldViolation(field, message)));
    }
}
