package dev.baton.contracts.json;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A message cannot be accepted. Subclasses tell apart what a client must handle differently:
 * {@link MalformedMessageException} (not JSON, or not of the expected shape),
 * {@link UnsupportedSchemaVersionException} and {@link InvalidMessageException} (well formed but
 * invalid values). Every violation names the field at fault.
 */
public abstract class MessageException extends RuntimeException {
    private final List<FieldViolation> violations;

    MessageException(String type, List<FieldViolation> violations, Throwable cause) {
        super(type + ": " + violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; ")), cause);
        this.violations = List.copyOf(violations);
    }

    /** @return what is wrong, field by field */
    public List<FieldViolation> violations() {
        return violations;
    }
}
