package dev.baton.transfer.model;

import java.util.Collection;

/** Thrown when a base model name is not one of the backbones {@link BackboneFactory} can build. */
public class UnknownBaseModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String requested;

    /**
     * @param requested the name that was asked for
     * @param valid the names that are supported
     */
    public UnknownBaseModelException(String requested, Collection<String> valid) {
        super("Unknown base model '" + requested + "'; valid base models are " + valid);
        this.requested = requested;
    }

    /** @return the base model name that was asked for */
    public String requested() {
        return requested;
    }
}
