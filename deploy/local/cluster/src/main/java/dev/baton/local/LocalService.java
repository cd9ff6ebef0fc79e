package dev.baton.local;

import java.time.Duration;
import java.util.Optional;

/** One service of the local cluster: how to start it and how to know it is really ready. */
interface LocalService {

    /** @return the process bookkeeping (PID file, log) */
    ManagedProcess process();

    /** @return the TCP port the service listens on */
    int port();

    /** @return the name of the environment variable that moves {@link #port()} */
    String portVariable();

    /**
     * Launches the service in the background (fetching nothing: the distribution must be there).
     *
     * @return the started process
     */
    ProcessHandle launch();

    /**
     * A real readiness check: a produce/consume round trip, an authenticated request.
     *
     * @param timeout how long one attempt may take
     * @return empty when ready, otherwise why not
     */
    Optional<String> checkReady(Duration timeout);

    /**
     * What {@code status} adds after "ready" (e.g. what a monitor sees); nothing by default.
     *
     * @param timeout how long the check may take
     * @return a short text, or empty
     */
    default Optional<String> detail(Duration timeout) {
        return Optional.empty();
    }
}
