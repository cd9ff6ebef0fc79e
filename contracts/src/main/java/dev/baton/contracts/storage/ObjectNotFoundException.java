package dev.baton.contracts.storage;

/** The object (or bucket) does not exist. */
public class ObjectNotFoundException extends ObjectStoreException {
    /**
     * @param bucket the bucket
     * @param key the key
     */
    public ObjectNotFoundException(String bucket, String key) {
        super("no object " + key + " in bucket " + bucket, null);
    }
}
