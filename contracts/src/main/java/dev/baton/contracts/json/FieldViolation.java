package dev.baton.contracts.json;

/**
 * One thing wrong with a message, tied to the field at fault.
 *
 * @param field the field's JSON path (e.g. {@code epochs}, {@code imageRef.key}); empty for the whole message
 * @param message what is wrong, for a person
 */
public record FieldViolation(String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
