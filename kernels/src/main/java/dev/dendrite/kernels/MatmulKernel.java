package dev.dendrite.kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The rungs of the matmul ladder in matmul.cl, from slowest to fastest. Each is correct for any
 * shape; they differ in how much of C one work-group computes ({@link #tile()}) and in how they
 * reuse data (see the kernel comments). A device picks one by name with {@link #fromSetting}.
 */
public enum MatmulKernel {
    /** One work-item per element of C, straight from global memory. */
    NAIVE("naive", "matmul_naive", 16),
    /** 16 x 16 tiles of A and B staged in local memory. */
    TILED("tiled", "matmul_tiled", 16),
    /** 4 x 4 register blocks per work-item, 64 x 64 tiles per group. */
    REGBLOCK("regblock", "matmul_regblock", 64),
    /** 8 x 8 register blocks, 128 x 128 tiles, next tiles prefetched into registers. */
    WIDE("wide", "matmul_wide", 128);

    private final String label;
    private final String kernelName;
    private final int tile;

    MatmulKernel(String label, String kernelName, int tile) {
        this.label = label;
        this.kernelName = kernelName;
        this.tile = tile;
    }

    /** The name users select it by: naive, tiled, regblock, wide. */
    public String label() { return label; }

    /** The kernel's function name in matmul.cl. */
    public String kernelName() { return kernelName; }

    /** Side of the square tile of C that one 16 x 16 work-group computes. */
    public int tile() { return tile; }

    public static MatmulKernel byLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        for (MatmulKernel k : values()) if (k.label.equals(key)) return k;
        throw new IllegalArgumentException("unknown matmul kernel '" + label + "'; choose one of "
                + Arrays.toString(Arrays.stream(values()).map(MatmulKernel::label).toArray()));
    }

    /**
     * The rung named by system property {@code property}, else by environment variable {@code env},
     * else {@code fallback}. A name that is not a rung fails with the list of valid names.
     */
    public static MatmulKernel fromSetting(String property, String env, MatmulKernel fallback) {
        String name = System.getProperty(property);
        if (name == null || name.isBlank()) name = System.getenv(env);
        if (name == null || name.isBlank()) return fallback;
        return byLabel(name);
    }
}
