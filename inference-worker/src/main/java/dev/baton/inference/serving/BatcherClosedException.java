package dev.baton.inference.serving;

/** The batcher is shut down and takes no more work. */
public class BatcherClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public BatcherClosedException() {
        super("the batcher is closed");
    }
}
