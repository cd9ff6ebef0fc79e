/** Device (CPU/GPU) and CPU-thread selection, in one place: {@link dev.baton.transfer.device.DeviceSelector}. */
package dev.baton.transfer.device;
