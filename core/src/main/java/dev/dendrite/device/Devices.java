package dev.dendrite.device;

import dev.dendrite.config.Setting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds devices by name. Providers come from {@link ServiceLoader}; each device is created once
 * and shared. {@code "auto"} picks the available accelerator (a GPU) with the highest priority,
 * else the java device, which beats OpenCL on a CPU. The default
 * device is named by the {@code dendrite.device} system property, else by the
 * {@code DENDRITE_DEVICE} environment variable (the property wins when both are set, as for
 * every Dendrite setting), and is {@code "java"} when neither is set.
 */
public final class Devices {
    public static final String ENV = Setting.DEVICE.env();
    public static final String PROPERTY = Setting.DEVICE.property();

    private static final Map<String, Device> OPEN = new LinkedHashMap<>();
    private static List<DeviceProvider> providers;

    private Devices() {}

    /** Every provider on the class path, highest priority first. */
    public static synchronized List<DeviceProvider> providers() {
        if (providers == null) {
            List<DeviceProvider> found = new ArrayList<>();
            for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) found.add(p);
            found.sort(Comparator.comparingInt(DeviceProvider::priority).reversed());
            providers = List.copyOf(found);
        }
        return providers;
    }

    /** The device with this name ("java", "opencl", "cuda" or "auto"), created on first use. */
    public static synchronized Device get(String name) {
        String key = name.trim().toLowerCase();
        if (key.equals("auto")) return get(bestAvailable().name());
        Device open = OPEN.get(key);
        if (open != null) return open;
        for (DeviceProvider p : providers()) {
            if (!p.name().equals(key)) continue;
            String reason = p.unavailableReason();
            if (reason != null) throw new IllegalStateException("device '" + key + "' is not available: " + reason);
            Device d = p.create();
            OPEN.put(key, d);
            return d;
        }
        String jar = BACKEND_JARS.get(key);
        if (jar != null) throw new IllegalStateException("device '" + key + "' is not available: " + missingJar(jar));
        throw new IllegalArgumentException("unknown device '" + name + "'; known devices: " + names() + " and auto");
    }

    /** The devices Dendrite ships outside core, and the artifact that provides each. */
    private static final Map<String, String> BACKEND_JARS = Map.of(
            "opencl", "dev.dendrite:dendrite-opencl",
            "cuda", "dev.dendrite:dendrite-cuda");

    private static String missingJar(String artifact) {
        return "its jar is not on the class path; add the dependency " + artifact
                + " (with the dendrite-bom, no version needed), or run where that jar is present";
    }

    /** The default device: the dendrite.device property, else DENDRITE_DEVICE, else java. */
    public static Device defaultDevice() {
        return get(defaultName());
    }

    /** The default device's name: the dendrite.device property wins over DENDRITE_DEVICE; "java" when neither is set. */
    public static String defaultName() {
        return Setting.DEVICE.value();
    }

    /** The java device, always present. */
    public static Device java() { return get("java"); }

    /** Names of all providers on the class path. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (DeviceProvider p : providers()) names.add(p.name());
        return names;
    }

    /** True when the named device can be created here. */
    public static boolean isAvailable(String name) {
        for (DeviceProvider p : providers()) if (p.name().equals(name)) return p.unavailableReason() == null;
        return false;
    }

    /** Null when available, else the reason (also for unknown names). */
    public static String unavailableReason(String name) {
        for (DeviceProvider p : providers()) if (p.name().equals(name)) return p.unavailableReason();
        String jar = BACKEND_JARS.get(name);
        if (jar != null) return missingJar(jar);
        return "no provider named '" + name + "' on the class path (known: " + names() + ")";
    }

    private static DeviceProvider bestAvailable() {
        return auto(providers());
    }

    /** What "auto" means: the first available accelerator of {@code byPriority}, else the java device. */
    static DeviceProvider auto(List<DeviceProvider> byPriority) {
        for (DeviceProvider p : byPriority) if (p.unavailableReason() == null && p.isAccelerator()) return p;
        for (DeviceProvider p : byPriority) if (p.name().equals("java")) return p;
        throw new IllegalStateException("no device is available: the java device's provider is not on the class path");
    }
}
