package dev.baton.contracts.json;

import java.util.List;

/** The message was written with a schema version this code cannot read. */
public class UnsupportedSchemaVersionException extends MessageException {
    /**
     * @param type the message type
     * @param version the version found
     * @param supported the newest version this code reads
     */
    public UnsupportedSchemaVersionException(String type, int version, int supported) {
        super("unsupported " + type, List.of(new FieldViolation("schemaVersion",
                "version " + version + " is not supported (this service reads 1 to " + supported
                        + "); upgrade the consumer or send version " + supported)), null);
    }
}
