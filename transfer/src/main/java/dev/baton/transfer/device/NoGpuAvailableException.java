package dev.baton.transfer.device;

/** Thrown when a job asks for a GPU and the engine sees none. */
public class NoGpuAvailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public NoGpuAvailableException() {
        super("a GPU was requested but the PyTorch engine sees no GPU");
    }
}
