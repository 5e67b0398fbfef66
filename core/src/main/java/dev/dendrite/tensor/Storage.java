package dev.dendrite.tensor;

import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One device buffer shared by a tensor and all its views, with a reference count.
 *
 * <p>Every {@link Tensor} object that points at this storage holds one reference; a view takes a
 * new one with {@link #retain()}. When the last holder calls {@link #release()}, the buffer goes
 * back to its device, exactly once. If holders are forgotten without being closed, a
 * {@link Cleaner} gives the buffer back after garbage collection: a safety net, not the plan.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DeviceBuffer buffer;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Cleaner.Cleanable cleanable;
    /** For an int32 storage: bounds on its values when the host knows them, else null (see IntRange). */
    private volatile IntRange valueRange;

    /** Takes ownership of {@code buffer}; the caller holds the first reference. */
    Storage(DeviceBuffer buffer) {
        this.buffer = buffer;
        this.cleanable = CLEANER.register(this, new Release(buffer.device(), buffer));
    }

    DeviceBuffer buffer() { return buffer; }

    Device device() { return buffer.device(); }

    int refCount() { return refs.get(); }

    IntRange valueRange() { return valueRange; }

    void valueRange(IntRange range) { valueRange = range; }

    void retain() {
        int before = refs.getAndIncrement();
        if (before <= 0) {
            refs.getAndDecrement();
            throw new IllegalStateException("storage was already released");
        }
    }

    void release() {
        int left = refs.decrementAndGet();
        if (left == 0) cleanable.clean();
        else if (left < 0) throw new IllegalStateException("storage released more often than retained");
    }

    /** The action run once, by release() or by the Cleaner; it must not reference the Storage. */
    private static final class Release implements Runnable {
        private final Device device;
        private final DeviceBuffer buffer;

        Release(Device device, DeviceBuffer buffer) {
            this.device = device;
            this.buffer = buffer;
        }

        @Override public void run() { device.release(buffer); }
    }
}
