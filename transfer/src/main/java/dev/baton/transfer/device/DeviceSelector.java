package dev.baton.transfer.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** The one place where the compute device and CPU thread count are chosen. */
public final class DeviceSelector {

    private DeviceSelector() {}

    /**
     * @param preference what the job asks for
     * @return the device to use
     * @throws NoGpuAvailableException if a GPU is required and none is visible
     */
    public static Device select(DevicePreference preference) {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (preference) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new NoGpuAvailableException();
                }
                yield Device.gpu();
            }
        };
    }

    /**
     * Sets PyTorch's intra-op thread count for this process (0 keeps the engine default). It is a
     * process-wide setting: jobs running in one JVM share it.
     *
     * @param threads the number of threads, ≥ 0
     */
    public static void applyThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be ≥ 0, was " + threads);
        }
        Engine.getInstance(); // loads the native library first
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
