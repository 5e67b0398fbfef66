package dev.dendrite.kernels;

import dev.dendrite.config.Setting;
import java.util.Arrays;
import java.util.Locale;

/**
 * The rungs of the matmul ladder in matmul.cl, in reading order. Each is correct for any shape;
 * they differ in how much of C one work-group computes ({@link #tileRows()} x {@link #tileCols()})
 * and in how they reuse data (see the kernel comments). Rungs 1-4 climb towards a GPU; rungs 5 and
 * 6 shape the same problem for a CPU's SIMD lanes, rung 6 with explicit vector types. A device picks
 * one by name with {@link #fromSetting}.
 */
public enum MatmulKernel {
    /** One work-item per element of C, straight from global memory. */
    NAIVE("naive", "matmul_naive", 16, 16, 16, 16),
    /** 16 x 16 tiles of A and B staged in local memory. */
    TILED("tiled", "matmul_tiled", 16, 16, 16, 16),
    /** 4 x 4 register blocks per work-item, 64 x 64 tiles per group. */
    REGBLOCK("regblock", "matmul_regblock", 64, 64, 16, 16),
    /** 8 x 8 register blocks, 128 x 128 tiles, next tiles prefetched into registers. */
    WIDE("wide", "matmul_wide", 128, 128, 16, 16),
    /** 8 rows x 1 column per work-item, no local memory: a CPU SIMD micro-kernel across work-items. */
    SIMD("simd", "matmul_simd", 32, 64, 64, 4),
    /** 12 x 32 per work-item in 24 float16 accumulators: a CPU GEMM micro-kernel in AVX-512 registers. */
    VECTOR("vector", "matmul_vector", 12 * 16, 32, 1, 16);

    private final String label;
    private final String kernelName;
    private final int tileRows;
    private final int tileCols;
    private final int localX;
    private final int localY;

    MatmulKernel(String label, String kernelName, int tileRows, int tileCols, int localX, int localY) {
        this.label = label;
        this.kernelName = kernelName;
        this.tileRows = tileRows;
        this.tileCols = tileCols;
        this.localX = localX;
        this.localY = localY;
    }

    /** The name users select it by: naive, tiled, regblock, wide, simd, vector. */
    public String label() { return label; }

    /** The kernel's function name in matmul.cl. */
    public String kernelName() { return kernelName; }

    /** Rows of C one work-group computes. */
    public int tileRows() { return tileRows; }

    /** Columns of C one work-group computes. */
    public int tileCols() { return tileCols; }

    /** Work-items per group along dimension 0 (columns of C). */
    public int localX() { return localX; }

    /** Work-items per group along dimension 1 (rows of C). */
    public int localY() { return localY; }

    public static MatmulKernel byLabel(String label) {
        String key = label.trim().toLowerCase(Locale.ROOT);
        for (MatmulKernel k : values()) if (k.label.equals(key)) return k;
        throw new IllegalArgumentException("unknown matmul kernel '" + label + "'; choose one of "
                + Arrays.toString(Arrays.stream(values()).map(MatmulKernel::label).toArray()));
    }

    /**
     * The rung named by {@code setting} (its system property, else its environment variable), else
     * {@code fallback}. A name that is not a rung fails with the list of valid names.
     */
    public static MatmulKernel fromSetting(Setting setting, MatmulKernel fallback) {
        String name = setting.value();
        return name == null ? fallback : byLabel(name);
    }
}
