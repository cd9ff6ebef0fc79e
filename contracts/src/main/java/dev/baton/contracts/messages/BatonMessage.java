package dev.baton.contracts.messages;

/**
 * Every record that travels on a Baton topic. Each carries the version of its JSON schema so
 * that a consumer can reject what it cannot read instead of misreading it.
 */
public interface BatonMessage {
    /** The schema version that this code writes and the newest it reads. */
    int CURRENT_SCHEMA_VERSION = 1;

    /** @return the schema version the message was written with */
    int schemaVersion();
}
