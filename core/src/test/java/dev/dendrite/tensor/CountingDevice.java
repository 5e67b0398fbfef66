package dev.dendrite.tensor;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device that counts the primitives called on it and passes every call to a real device. Its
 * buffers wrap the real device's, so that tensors created on it (which find their device through
 * their buffer) keep calling it, and so that every call the tensor layer makes is counted: the
 * way a test sees whether an op copied its input first (a {@code copy} call) or not.
 */
final class CountingDevice {
    private CountingDevice() {}

    /** The counts, by primitive name, of the device returned with them. */
    static final class Counts {
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        int of(String primitive) {
            AtomicInteger n = calls.get(primitive);
            return n == null ? 0 : n.get();
        }

        void reset() { calls.clear(); }
    }

    private record Wrapped(Device device, DeviceBuffer inner) implements DeviceBuffer {
        @Override public DType dtype() { return inner.dtype(); }

        @Override public int length() { return inner.length(); }
    }

    /** A device that counts into {@code counts} and runs everything on {@code real}. */
    static Device over(Device real, Counts counts) {
        Device[] self = new Device[1];
        self[0] = (Device) Proxy.newProxyInstance(Device.class.getClassLoader(), new Class<?>[] {Device.class},
                (proxy, method, args) -> {
                    counts.calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                    Object[] a = args == null ? null : args.clone();
                    for (int i = 0; a != null && i < a.length; i++) a[i] = unwrap(a[i]);
                    Object result;
                    try {
                        result = method.invoke(real, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return result instanceof DeviceBuffer b ? new Wrapped(self[0], b) : result;
                });
        return self[0];
    }

    private static Object unwrap(Object arg) {
        if (arg instanceof Wrapped w) return w.inner();
        if (arg instanceof View v && v.buffer() instanceof Wrapped w) return new View(w.inner(), v.offset(), v.strides());
        return arg;
    }
}
