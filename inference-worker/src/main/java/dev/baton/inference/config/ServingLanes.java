package dev.baton.inference.config;

/**
 * How many batches the worker runs at once ({@code lanes}: the batcher's threads) and with how
 * many PyTorch intra-op threads each ({@code threadsPerLane}; a process-wide setting).
 *
 * <p>On CPU the default (both settings 0) is one lane per core, at most {@link #MAX_AUTO_LANES},
 * sharing the cores between them: on 2 cores two lanes of one thread each. At low load a request
 * then finds a lane free instead of waiting behind another request's batch (one lane of two
 * threads made 1 request in 10 wait up to one model time at 10 % load), a one-thread lane needs no
 * OpenMP wake-up of sleeping worker threads, and at saturation the lanes together compute more
 * than one lane with all cores (bench/RESULTS.md, "Serving lanes"). The cap bounds the memory of
 * batches computed at once on large machines. On a GPU one lane feeds the device.
 *
 * @param lanes batches computed at once, ≥ 1
 * @param threadsPerLane intra-op threads, ≥ 1
 */
public record ServingLanes(int lanes, int threadsPerLane) {

    /** The most lanes chosen automatically. */
    public static final int MAX_AUTO_LANES = 4;

    /** Validates. */
    public ServingLanes {
        if (lanes < 1 || threadsPerLane < 1) {
            throw new IllegalArgumentException("lanes and threads per lane must be 1 or more");
        }
    }

    /**
     * @param lanes configured lanes ({@code baton.inference.batch.workers}), 0 for automatic
     * @param threads configured intra-op threads ({@code baton.inference.models.threads}), 0 for automatic
     * @param cores processors available to the JVM
     * @param gpu whether models run on a GPU
     * @return the lanes and threads to use
     */
    public static ServingLanes resolve(int lanes, int threads, int cores, boolean gpu) {
        if (lanes < 0 || threads < 0 || cores < 1) {
            throw new IllegalArgumentException("lanes and threads must be 0 (automatic) or more, cores 1 or more");
        }
        int chosenLanes = lanes > 0 ? lanes
                : gpu ? 1
                : Math.min(MAX_AUTO_LANES, Math.max(1, threads > 0 ? cores / threads : cores));
        int chosenThreads = threads > 0 ? threads : Math.max(1, cores / chosenLanes);
        return new ServingLanes(chosenLanes, chosenThreads);
    }
}
