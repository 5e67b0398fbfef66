package dev.dendrite.kernels.ops;

import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.MemoryStats;
import dev.dendrite.kernels.Launch;
import dev.dendrite.kernels.MatmulKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A KernelDevice with no GPU behind it: every launch and copy is written down as a line of text
 * ("elementwise/fill_f32(5, buf#0, 0, 2.0) global=[256] local=[256]"), so tests can see which
 * kernels the shared op code picks, with which arguments, for both GPU devices at once.
 */
final class RecordingDevice extends KernelDevice {
    final List<String> log = new ArrayList<>();
    /** Downloads and synchronizes: on a real device, each makes the host wait for the queue. */
    int hostWaits;
    private int nextId;
    private int live;

    RecordingDevice(MatmulKernel matmul) {
        super(matmul);
    }

    static final class Buffer extends KernelBuffer {
        final int id;

        Buffer(RecordingDevice device, DType dtype, int length, int id) {
            super(device, dtype, length);
            this.id = id;
        }
    }

    @Override protected KernelCall call(String family, String kernel) {
        List<String> args = new ArrayList<>();
        return new KernelCall() {
            @Override public KernelCall arg(int value) { args.add(Integer.toString(value)); return this; }

            @Override public KernelCall arg(float value) { args.add(Float.toString(value)); return this; }

            @Override public KernelCall arg(long value) { args.add(value + "L"); return this; }

            @Override public KernelCall arg(DeviceBuffer buffer) { args.add("buf#" + ((Buffer) buffer).id); return this; }

            @Override public KernelCall struct(int[] packed) { args.add(Arrays.toString(packed)); return this; }

            @Override public void launch(Launch launch) {
                if (launch.isEmpty()) return;
                log.add(family + "/" + kernel + "(" + String.join(", ", args) + ") global=" + Arrays.toString(launch.global())
                        + " local=" + Arrays.toString(launch.local()));
            }
        };
    }

    @Override protected void copyBytes(KernelBuffer src, long srcByteOffset, KernelBuffer dst, long dstByteOffset, long bytes) {
        log.add("copyBytes(buf#" + ((Buffer) src).id + "+" + srcByteOffset + " -> buf#" + ((Buffer) dst).id + "+"
                + dstByteOffset + ", " + bytes + " bytes)");
    }

    /** Only the kernel names of the log, in order. */
    List<String> kernels() {
        return log.stream().map(line -> line.substring(0, line.indexOf('('))).toList();
    }

    @Override public String name() { return "recording"; }

    @Override public String description() { return "a KernelDevice that records its launches"; }

    @Override public synchronized DeviceBuffer allocate(DType dtype, int length) {
        live++;
        return new Buffer(this, dtype, length, nextId++);
    }

    @Override public synchronized void release(DeviceBuffer buffer) {
        retire(buffer);
        live--;
    }

    @Override public void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        checkRange("upload", own(dst, "upload"), dstOffset, count, src.length, srcOffset);
    }

    @Override public void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count) {
        checkRange("upload", own(dst, "upload"), dstOffset, count, src.length, srcOffset);
    }

    @Override public void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        hostWaits++;
        checkRange("download", own(src, "download"), srcOffset, count, dst.length, dstOffset);
    }

    @Override public void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count) {
        hostWaits++;
        checkRange("download", own(src, "download"), srcOffset, count, dst.length, dstOffset);
    }

    @Override public void synchronize() { hostWaits++; }

    @Override public synchronized MemoryStats memoryStats() { return new MemoryStats(live, 0, 0); }

    @Override public void close() {}
}
