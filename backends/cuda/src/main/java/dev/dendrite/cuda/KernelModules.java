package dev.dendrite.cuda;

import dev.dendrite.kernels.KernelSources;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The kernels of each file, compiled once per device: the first launch of any kernel of
 * {@code elementwise.cl} compiles the whole file (prelude + source) with NVRTC and loads it as a
 * CUmodule; later launches only look the function up in a map.
 */
final class KernelModules implements AutoCloseable {
    private final CudaContext context;
    private final KernelCompiler compiler;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    KernelModules(CudaContext context, KernelCompiler compiler) {
        this.context = context;
        this.compiler = compiler;
    }

    /** Kernel {@code kernel} of file {@code family + ".cl"}, e.g. ("elementwise", "fill_f32"). */
    synchronized CUfunction function(String family, String kernel) {
        String key = family + "/" + kernel;
        CUfunction f = functions.get(key);
        if (f != null) return f;
        CUmodule module = modules.computeIfAbsent(family, this::load);
        f = new CUfunction();
        CudaException.check(context.driver().cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + key + ")");
        functions.put(key, f);
        return f;
    }

    private CUmodule load(String family) {
        String file = family + ".cl";
        KernelCompiler.Image image = compiler.compile(file, CudaSource.compose(file, KernelSources.load(family)));
        CUmodule module = new CUmodule();
        CudaException.check(context.driver().cuModuleLoadData(module, image.bytes()),
                "cuModuleLoadData(" + file + ", " + image.target() + ")");
        return module;
    }

    @Override public synchronized void close() {
        for (CUmodule m : modules.values()) context.driver().cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }
}
