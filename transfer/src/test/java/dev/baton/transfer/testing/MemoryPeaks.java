package dev.baton.transfer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much memory this JVM held at its peak while a piece of work ran, measured from a reset taken
 * when the work starts ({@link #start()}), so that a test can prove a hostile request was not
 * buffered:
 * <ul>
 *   <li><b>retained heap</b>: the peaks of the heap pools that hold what survives a collection
 *       (survivor and old generation; with G1, arrays of a region or more go straight to the old
 *       generation), above their usage at the start. The young "eden" pool is left out: it fills with
 *       short-lived garbage up to its size whatever the work, so its peak says nothing about what was
 *       kept. A body read whole into memory lands in the old generation and shows here.</li>
 *   <li><b>native resident growth</b>: the process's peak resident set ({@code VmHWM} in
 *       {@code /proc/self/status}, reset by writing {@code 5} to {@code /proc/self/clear_refs}) above the
 *       resident set at the start, less what the heap's committed size grew by. That is memory outside
 *       the heap: direct buffers (Netty's included), native allocations, thread stacks. The heap's own
 *       growth is left to the first figure because the collector commits more heap when garbage is made
 *       fast (streaming a gigabyte through small buffers does) even though nothing is kept; that growth
 *       is bounded by the maximum heap, not by the request.</li>
 * </ul>
 * The resident set needs Linux (where CI runs); elsewhere {@link #start()} fails rather than measure
 * nothing.
 */
public final class MemoryPeaks {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> retaining;
    private final long retainedAtStart;
    private final long committedAtStart;
    private final long residentAtStart;

    private MemoryPeaks() {
        retaining = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden"))
                .toList();
        retaining.forEach(MemoryPoolMXBean::resetPeakUsage);
        retainedAtStart = retaining.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        committedAtStart = heap.getHeapMemoryUsage().getCommitted();
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak resident set through " + CLEAR_REFS, e);
        }
        residentAtStart = status("VmRSS:");
    }

    /** @return peaks reset now: what follows is measured from here */
    public static MemoryPeaks start() {
        return new MemoryPeaks();
    }

    /** @return bytes of retained heap (survivor and old generation) at their peak since the start, above the start */
    public long retainedHeapGrowth() {
        return Math.max(0, retaining.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() - retainedAtStart);
    }

    /** @return bytes of the peak resident set since the start above the start, less the heap's committed growth */
    public long nativeResidentGrowth() {
        long heapGrowth = Math.max(0, heap.getHeapMemoryUsage().getCommitted() - committedAtStart);
        return Math.max(0, status("VmHWM:") - residentAtStart - heapGrowth);
    }

    /**
     * @param what the work, for the message
     * @param maxHeapGrowth the most retained heap the work may add at its peak
     * @param maxNativeGrowth the most resident memory outside the heap the work may add at its peak
     * @throws AssertionError when either peak went over its limit
     */
    public void assertWithin(String what, long maxHeapGrowth, long maxNativeGrowth) {
        long retained = retainedHeapGrowth();
        long resident = nativeResidentGrowth();
        String figures = String.format("%s: retained heap +%d MiB (limit %d), native resident +%d MiB (limit %d)",
                what, retained >> 20, maxHeapGrowth >> 20, resident >> 20, maxNativeGrowth >> 20);
        System.out.println("[memory] " + figures);
        if (retained > maxHeapGrowth || resident > maxNativeGrowth) {
            throw new AssertionError("memory not bounded: " + figures);
        }
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(field + " not in " + STATUS);
    }
}
