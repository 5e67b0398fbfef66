package dev.dendrite.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.UnaryOp;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelSourcesTest {

    @Test
    void everyFamilyLoadsAndOpensWithItsHeaderComment() {
        for (String family : KernelSources.FAMILIES) {
            String src = KernelSources.load(family);
            assertTrue(src.startsWith("/*\n * " + family + ".cl"), family + ".cl must open with a comment naming it");
            String header = src.substring(0, src.indexOf("*/"));
            assertTrue(header.toLowerCase().contains("geometry"), family + ".cl: the header states the launch geometry");
            assertTrue(src.contains("__kernel"), family + ".cl has kernels");
        }
    }

    @Test
    void unknownFamilyFailsWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelSources.load("nope"));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
    }

    /**
     * The CUDA prelude can map only the shared subset: no printf, no vector types but float4, float8
     * and float16 (and their vload/vstore), no __local pointer parameters.
     */
    @Test
    void sourcesStayInTheSubsetCudaCompiles() {
        Pattern vector = Pattern.compile("\\b(float(2|3)|(u?int|u?char|u?short|u?long|double|half)(2|3|4|8|16))\\b"
                + "|\\bv(load|store)(?!(4|8|16)\\b)\\w*");
        Pattern localParam = Pattern.compile("\\([^)]*__local[^)]*\\*");
        for (String family : KernelSources.FAMILIES) {
            String code = stripComments(KernelSources.load(family));
            assertFalse(code.contains("printf"), family + ".cl uses printf");
            assertFalse(vector.matcher(code).find(), family + ".cl uses an OpenCL vector type the prelude lacks");
            assertFalse(localParam.matcher(code).find(), family + ".cl passes a __local pointer as a parameter");
            assertFalse(code.contains("restrict"), family + ".cl uses restrict (CUDA spells it __restrict__)");
        }
    }

    @Test
    void opCodesMatchTheKernelDefines() {
        Map<String, Integer> defines = new HashMap<>();
        defines.putAll(defines("elementwise"));
        defines.putAll(defines("reduce"));
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(defines.get("UNARY_" + op.name()), OpCodes.unary(op), "code of UNARY_" + op);
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(defines.get("BINARY_" + op.name()), OpCodes.binary(op), "code of BINARY_" + op);
        }
        for (ReduceOp op : ReduceOp.values()) {
            if (op == ReduceOp.ARGMAX) continue;
            assertEquals(defines.get("REDUCE_" + op.name()), OpCodes.reduce(op), "code of REDUCE_" + op);
        }
    }

    @Test
    void groupSizesMatchLaunchGeometry() {
        assertEquals(LaunchGeometry.GROUP, defines("reduce").get("REDUCE_GROUP"));
        assertEquals(LaunchGeometry.GROUP, defines("softmax").get("SOFTMAX_GROUP"));
        assertEquals(StridedArgs.MAX_RANK, defines("elementwise").get("MAX_RANK"));
    }

    @Test
    void everyMatmulRungHasItsKernel() {
        String src = KernelSources.load("matmul");
        for (MatmulKernel k : MatmulKernel.values()) {
            assertTrue(src.contains("__kernel void " + k.kernelName() + "("), "matmul.cl lacks " + k.kernelName());
        }
        assertNotNull(MatmulKernel.byLabel(" Wide "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatmulKernel.byLabel("fast"));
        assertTrue(e.getMessage().contains("regblock"), e.getMessage());
    }

    private static Map<String, Integer> defines(String family) {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(\\d+)\\s*$").matcher(KernelSources.load(family));
        while (m.find()) out.put(m.group(1), Integer.parseInt(m.group(2)));
        return out;
    }

    private static String stripComments(String src) {
        return src.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
