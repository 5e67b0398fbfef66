package dev.dendrite.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernels leave hooks for CUDA: a name they define only {@code #ifndef} the prelude has
 * (INLINE_FUNC for __device__ helpers, MUL_RN for a multiply that must not become an FMA). If the
 * prelude misses one, the kernel still compiles for CUDA, silently with OpenCL's fallback, which
 * is exactly what the nvcc check cannot see (philox.cl would lose its bit-exactness with Java).
 */
class PreludeHooksTest {
    private static final Pattern IFNDEF = Pattern.compile("^\\s*#\\s*ifndef\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)", Pattern.MULTILINE);

    @Test
    void everyHookAKernelProbesIsDefinedByThePrelude() {
        String prelude = CudaSource.resource(CudaSource.PRELUDE);
        Set<String> defined = names(DEFINE, prelude);
        List<String> files = KernelFiles.all();
        assertFalse(files.isEmpty(), "no kernel files found beside the prelude");
        Set<String> missing = new LinkedHashSet<>();
        for (String file : files) {
            for (String hook : names(IFNDEF, CudaSource.resource(file))) {
                if (!defined.contains(hook)) missing.add(file + ": " + hook);
            }
        }
        assertTrue(missing.isEmpty(), "kernels probe these names with #ifndef but cuda_prelude.h does not define them: " + missing);
    }

    /**
     * nvcc ignores {@code #pragma OPENCL ...} without a warning, so such a pragma is only allowed
     * where CUDA never sees it: inside {@code #ifndef HOOK} for a hook the prelude defines.
     */
    @Test
    void openClPragmasSitBehindAHook() {
        Set<String> defined = names(DEFINE, CudaSource.resource(CudaSource.PRELUDE));
        List<String> unguarded = new java.util.ArrayList<>();
        for (String file : KernelFiles.all()) {
            java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();   // the conditionals we are inside
            int lineNo = 0;
            for (String line : CudaSource.resource(file).split("\n")) {
                lineNo++;
                String t = line.trim();
                if (t.matches("#\\s*ifndef\\s+\\w+.*")) open.push(t.replaceFirst("#\\s*ifndef\\s+(\\w+).*", "$1"));
                else if (t.matches("#\\s*if(def)?\\b.*")) open.push("");
                else if (t.matches("#\\s*endif\\b.*") && !open.isEmpty()) open.pop();
                else if (t.matches("#\\s*pragma\\s+OPENCL\\b.*") && open.stream().noneMatch(defined::contains)) {
                    unguarded.add(file + ":" + lineNo + " " + t);
                }
            }
        }
        assertTrue(unguarded.isEmpty(), "#pragma OPENCL that CUDA would silently ignore (put it inside #ifndef HOOK "
                + "and give cuda_prelude.h the HOOK): " + unguarded);
    }

    @Test
    void theKnownHooksAreThere() {
        Set<String> defined = names(DEFINE, CudaSource.resource(CudaSource.PRELUDE));
        assertTrue(defined.containsAll(List.of("INLINE_FUNC", "MUL_RN", "__kernel", "__global", "__local", "barrier")), defined.toString());
    }

    private static Set<String> names(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
