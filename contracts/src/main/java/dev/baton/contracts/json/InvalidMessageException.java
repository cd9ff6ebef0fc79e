package dev.baton.contracts.json;

import java.util.List;

/** The message is well-formed JSON of the right shape, but some values are not acceptable. */
public class InvalidMessageException extends MessageException {
    /**
     * @param type the message type, e.g. "training request"
     * @param violations every value at fault
     */
    public InvalidMessageException(String type, List<FieldViolation> violations) {
        super("invalid " + type, violations, null);
    }
}
