package dev.dendrite.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handwritten kernel sources, loaded from this module's resources
 * ({@code dev/dendrite/kernels/<family>.cl}). Both GPU devices build programs from these strings:
 * OpenCL as they are, CUDA behind its prelude header. One file per op family; every kernel of a
 * family is in its file.
 */
public final class KernelSources {
    /** The kernel families, in the order kernels/README.md suggests reading them. */
    public static final List<String> FAMILIES = List.of(
            "elementwise", "reduce", "softmax", "layernorm", "index", "optim", "philox", "pool", "conv", "matmul",
            "attention");

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private KernelSources() {}

    /** The OpenCL C source of one family, e.g. {@code load("matmul")}. */
    public static String load(String family) {
        return CACHE.computeIfAbsent(family, KernelSources::read);
    }

    /** Resource path of a family's source, relative to the class path root. */
    public static String resourcePath(String family) {
        return "dev/dendrite/kernels/" + family + ".cl";
    }

    private static String read(String family) {
        String path = resourcePath(family);
        try (InputStream in = KernelSources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no kernel source '" + family + "' (looked for " + path
                        + " on the class path); known families: " + FAMILIES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }
}
