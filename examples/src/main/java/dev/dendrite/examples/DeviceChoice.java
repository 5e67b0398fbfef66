package dev.dendrite.examples;

import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;

/**
 * Opens the device named by --device and makes it the default, so that every tensor and layer
 * created without naming a device lands there. "Not here" becomes advice, not a stack trace.
 */
public final class DeviceChoice {
    private DeviceChoice() {}

    /**
     * @throws UserError (usage) for a name no provider answers to; (environment) for a device that
     *     exists but cannot run here, with what to install or which device to use instead
     */
    public static Device open(String name) {
        try {
            Device device = Devices.get(name);
            System.setProperty(Devices.PROPERTY, device.name()); // "auto" resolves to a real name
            return device;
        } catch (IllegalArgumentException e) {
            if (name.equals("opencl") || name.equals("cuda")) { // a real device whose backend jar is missing
                throw UserError.environment("the " + name + " backend is not on the class path (" + e.getMessage()
                        + "); rebuild with ./dendrite, which puts every backend on it");
            }
            throw UserError.usage(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            // The provider's reason may already say what to install; then only offer the way around.
            String hint = why.contains("install") ? "; or choose --device java" : hint(name);
            throw UserError.environment(why + hint, e);
        }
    }

    private static String hint(String name) {
        return switch (name) {
            case "opencl" -> ". OpenCL needs a driver (an ICD): on Debian, apt-get install pocl-opencl-icd runs it on the"
                    + " CPU; or choose --device java";
            case "cuda" -> ". CUDA needs an NVIDIA GPU with its driver; choose --device opencl or --device java";
            default -> "";
        };
    }
}
