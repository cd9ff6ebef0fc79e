package dev.baton.trainer.job;

/** A job cannot run because of something the user can fix; the message is the FAILED reason. */
public class JobInputException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong and what to do, in words a user can act on */
    public JobInputException(String reason) {
        super(reason);
    }
}
