package dev.baton.transfer.model;

import java.util.Collection;

/** Thrown when a named block (e.g. a freeze boundary) does not exist in a backbone. */
public class UnknownBlockException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param baseName the backbone
     * @param requested the block name that was asked for
     * @param valid the backbone's block names
     */
    public UnknownBlockException(String baseName, String requested, Collection<String> valid) {
        super("Backbone " + baseName + " has no block '" + requested + "'; its blocks are " + valid);
    }
}
