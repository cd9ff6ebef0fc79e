package dev.baton.trainer.data;

import dev.baton.trainer.job.JobInputException;

/** The job's dataset is missing, incomplete or empty in the object store. */
public final class DatasetUnavailableException extends JobInputException {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong, for the user */
    public DatasetUnavailableException(String reason) {
        super(reason);
    }
}
