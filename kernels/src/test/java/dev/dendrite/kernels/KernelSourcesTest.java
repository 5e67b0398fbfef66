package dev.dendrite.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.ReduceOp;
import dev.dendrite.device.UnaryOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KernelSourcesTest {

    @Test
    void unknownFamilyFailsWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelSources.load("nope"));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
    }

    /**
     * The files whose header does not yet say the command that runs them: they are being changed
     * to take Views by other work, which adds the line. The test fails once one of them has it, so
     * the list only shrinks (kernels/README.md, rule "header").
     */
    static final Set<String> RUN_LINE_PENDING = Set.of("pool", "index");

    private static final Pattern RUN_LINE = Pattern.compile("\\./dendrite kernel \\w");
    private static final Set<String> WORK_ITEM_FUNCTIONS = Set.of("get_global_id", "get_local_id", "get_group_id",
            "get_num_groups", "get_global_size", "get_local_size");

    /**
     * The checks of the kernel-writing rules of kernels/README.md, by the rule's name there. Each
     * returns what breaks the rule in a file (null when nothing does), given the file's name, its
     * full text and its code without comments.
     */
    private static Map<String, RuleCheck> ruleChecks() {
        Pattern vector = Pattern.compile("\\b(float(2|3)|(u?int|u?char|u?short|u?long|double|half)(2|3|4|8|16))\\b"
                + "|\\bv(load|store)(?!(4|8|16)\\b)\\w*|\\(float(4|8|16)\\)\\s*\\(");
        Pattern localParam = Pattern.compile("\\([^)]*__local[^)]*\\*");
        Pattern bareQualifier = Pattern.compile("(?<!_)\\b(kernel|global|local|constant)\\s+(void|float|int|uint|const)\\b");
        Pattern plainHelper = Pattern.compile(
                "(?m)^(?:static\\s+)?(?:inline\\s+)?(?:float|int|uint|ulong|void|bool|float4|float8|float16)\\s+\\**\\w+\\s*\\(");
        Pattern doubleLiteral = Pattern.compile("(?<![\\w.])\\d+\\.\\d*(?:[eE][+-]?\\d+)?(?![\\w.])");
        Pattern workItem = Pattern.compile("\\bget_\\w+|\\bbarrier\\s*\\(([^)]*)\\)");
        Map<String, RuleCheck> checks = new LinkedHashMap<>();
        checks.put("header", (family, src, code) -> {
            if (!src.startsWith("/*\n * " + family + ".cl")) return "does not open with a comment naming " + family + ".cl";
            String header = src.substring(0, src.indexOf("*/"));
            if (!header.toLowerCase(Locale.ROOT).contains("geometry")) return "its header does not state the launch geometry";
            boolean runs = RUN_LINE.matcher(header).find();
            if (RUN_LINE_PENDING.contains(family)) {
                return runs ? "now says its run command: remove it from KernelSourcesTest.RUN_LINE_PENDING" : null;
            }
            return runs ? null : "its header does not say the command that runs it (./dendrite kernel FAMILY --variant V)";
        });
        checks.put("words", (family, src, code) -> {
            Matcher m = workItem.matcher(code);
            while (m.find()) {
                if (m.group(1) != null) {
                    if (!m.group(1).trim().equals("CLK_LOCAL_MEM_FENCE")) return "barrier(" + m.group(1) + ")";
                } else if (!WORK_ITEM_FUNCTIONS.contains(m.group())) {
                    return m.group();
                }
            }
            return null;
        });
        checks.put("qualifiers", (family, src, code) -> found(bareQualifier.matcher(code)));
        checks.put("local-arrays", (family, src, code) -> found(localParam.matcher(code)));
        checks.put("helpers", (family, src, code) -> found(plainHelper.matcher(code)));
        checks.put("vectors", (family, src, code) -> found(vector.matcher(code)));
        checks.put("long", (family, src, code) -> {
            Matcher m = Pattern.compile("\\blong\\b").matcher(code);
            while (m.find()) {
                boolean cast = m.start() > 0 && code.charAt(m.start() - 1) == '(' && m.end() < code.length() && code.charAt(m.end()) == ')';
                if (!cast) return code.substring(Math.max(0, m.start() - 20), Math.min(code.length(), m.end() + 10)).trim();
            }
            return null;
        });
        checks.put("float-literals", (family, src, code) -> found(doubleLiteral.matcher(code)));
        checks.put("no-printf", (family, src, code) -> code.contains("printf") ? "printf" : null);
        checks.put("no-restrict", (family, src, code) -> code.contains("restrict") ? "restrict" : null);
        checks.put("pragmas", (family, src, code) -> {
            int at = code.indexOf("#pragma OPENCL");
            if (at < 0) return null;
            int ifndef = code.lastIndexOf("#ifndef", at);
            int endif = code.lastIndexOf("#endif", at);
            return ifndef > endif ? null : "#pragma OPENCL outside an #ifndef HOOK";
        });
        return checks;
    }

    /** One rule's check: what breaks it in a file, or null. */
    @FunctionalInterface
    private interface RuleCheck {
        String broken(String family, String source, String code);
    }

    private static String found(Matcher m) {
        return m.find() ? m.group() : null;
    }

    @Test
    void theReadmeListsExactlyTheRulesThisTestChecks() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Kernel-writing rules");
        assertTrue(start >= 0, "kernels/README.md has no '## Kernel-writing rules' section");
        int end = readme.indexOf("\n## ", start + 3);
        Matcher m = Pattern.compile("(?m)^\\d+\\. \\*\\*([a-z-]+)\\*\\*").matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> listed = new ArrayList<>();
        while (m.find()) listed.add(m.group(1));
        assertEquals(new ArrayList<>(ruleChecks().keySet()), listed, "the rules in kernels/README.md and their checks here");
    }

    @Test
    void everyFileFollowsTheKernelWritingRules() {
        List<String> broken = new ArrayList<>();
        for (String family : KernelSources.FAMILIES) {
            String src = KernelSources.load(family);
            String code = stripComments(src);
            assertTrue(code.contains("__kernel"), family + ".cl has kernels");
            ruleChecks().forEach((rule, check) -> {
                String what = check.broken(family, src, code);
                if (what != null) broken.add(family + ".cl breaks rule '" + rule + "': " + what);
            });
        }
        assertEquals(List.of(), broken);
    }

    /** The checks find what they are meant to find (each on a line that breaks only its rule). */
    @Test
    void theRuleChecksCatchWhatTheyForbid() {
        Map<String, String> bad = Map.of(
                "long", "__kernel void k(long n) {}",
                "float-literals", "__kernel void k(__global float* x) { x[0] = 0.5; }",
                "vectors", "__kernel void k() { float4 v = (float4)(0.0f); }",
                "helpers", "float twice(float x) { return 2.0f * x; }",
                "words", "__kernel void k(__global float* x) { x[get_global_offset(0)] = 1.0f; }",
                "qualifiers", "kernel void k(global float* x) {}",
                "local-arrays", "__kernel void k(__local float* t) {}");
        Map<String, RuleCheck> checks = ruleChecks();
        bad.forEach((rule, line) -> assertTrue(checks.get(rule).broken("x", line, line) != null, rule + " misses: " + line));
        assertEquals(null, checks.get("long").broken("x", "", "int i = x[(long) r * n];"));
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
        String[] counts = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
        assertTrue(src.substring(0, src.indexOf("*/")).contains(counts[MatmulKernel.values().length] + " rungs"),
                "matmul.cl's header must count the rungs: " + counts[MatmulKernel.values().length] + " rungs");
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
