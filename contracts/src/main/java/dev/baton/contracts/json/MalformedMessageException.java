package dev.baton.contracts.json;

import java.util.List;

/** The bytes are not JSON, or not JSON of the message's shape (wrong type, unknown enum value). */
public class MalformedMessageException extends MessageException {
    /**
     * @param type the message type, e.g. "training request"
     * @param violation what is wrong and where
     * @param cause the parser's error
     */
    public MalformedMessageException(String type, FieldViolation violation, Throwable cause) {
        super("malformed " + type, List.of(violation), cause);
    }
}
