package dev.dendrite.cuda;

/**
 * Turns a kernel file's CUDA source into a module image for cuModuleLoadData: NVRTC on a GPU
 * ({@link NvrtcCompiler}), a fake in the unit tests, which have no NVRTC.
 */
interface KernelCompiler {

    /**
     * A compiled module image for cuModuleLoadData: a cubin, or NUL-terminated PTX text. {@code log}
     * is what the compiler said while succeeding (warnings; empty when all is well).
     */
    record Image(byte[] bytes, String target, String log) {}

    /** Makes the compiler for a GPU of compute capability {@code ccMajor.ccMinor}. */
    interface Factory {
        KernelCompiler forDevice(int ccMajor, int ccMinor);
    }

    /** Compiles {@code source}; compiler messages name {@code fileName}. */
    Image compile(String fileName, String source);

    /** The compiler and what it compiles to, for the device's description: "NVRTC 12.6 -> sm_90". */
    String describe();
}
