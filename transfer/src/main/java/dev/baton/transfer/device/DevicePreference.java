package dev.baton.transfer.device;

/** Which device a job asks for. */
public enum DevicePreference {
    /** Always the CPU (the default). */
    CPU,
    /** A GPU; fails with {@link NoGpuAvailableException} when none is visible. */
    GPU,
    /** A GPU when one is visible, the CPU otherwise. */
    AUTO
}
