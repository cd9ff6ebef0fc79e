package dev.baton.contracts.topics;

/** Topics or group settings could not be created or aligned (broker unreachable, not authorised...). */
public class TopicProvisioningException extends RuntimeException {
    /**
     * @param message what failed
     * @param cause the Admin client's error
     */
    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
