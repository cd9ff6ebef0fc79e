package dev.baton.transfer.model;

/** Thrown when a {@link BackboneConfig} is out of range (input size, width multiplier, epsilon). */
public class InvalidBackboneConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and what is allowed
     */
    public InvalidBackboneConfigException(String message) {
        super(message);
    }
}
