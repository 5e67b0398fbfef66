package dev.dendrite.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ptxas -v} says about one kernel for one architecture: registers per thread, shared
 * memory per block, stack and spills; plus the count of double-precision instructions in its PTX
 * (the kernels are meant to compute in float; a stray {@code 0.5} literal shows up here).
 */
record PtxasFigures(String file, String kernel, String arch, int registers, int sharedBytes, int barriers,
                    int stackBytes, int spillStoreBytes, int spillLoadBytes, int f64Instructions) {

    private static final Pattern ENTRY = Pattern.compile("Compiling entry function '([^']+)' for '([^']+)'");
    private static final Pattern FRAME = Pattern.compile(
            "(\\d+) bytes stack frame, (\\d+) bytes spill stores, (\\d+) bytes spill loads");
    private static final Pattern USED = Pattern.compile("Used (\\d+) registers");
    private static final Pattern BARRIERS = Pattern.compile("used (\\d+) barriers");
    private static final Pattern SMEM = Pattern.compile("(\\d+) bytes smem");
    private static final Pattern PTX_ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)");

    /** Parses ptxas's verbose output; f64 counts come from the PTX it compiled. */
    static List<PtxasFigures> parse(String file, String ptxasOutput, String ptx) {
        Map<String, Integer> f64 = f64PerEntry(ptx);
        List<PtxasFigures> out = new ArrayList<>();
        String kernel = null, arch = null;
        int stack = 0, spillStores = 0, spillLoads = 0;
        for (String line : ptxasOutput.split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.find()) {
                kernel = m.group(1);
                arch = m.group(2);
                stack = spillStores = spillLoads = 0;
                continue;
            }
            if (kernel == null) continue;
            m = FRAME.matcher(line);
            if (m.find()) {
                stack = Integer.parseInt(m.group(1));
                spillStores = Integer.parseInt(m.group(2));
                spillLoads = Integer.parseInt(m.group(3));
                continue;
            }
            m = USED.matcher(line);
            if (m.find()) {
                int registers = Integer.parseInt(m.group(1));
                Matcher b = BARRIERS.matcher(line);
                Matcher s = SMEM.matcher(line);
                out.add(new PtxasFigures(file, kernel, arch, registers, s.find() ? Integer.parseInt(s.group(1)) : 0,
                        b.find() ? Integer.parseInt(b.group(1)) : 0, stack, spillStores, spillLoads,
                        f64.getOrDefault(kernel, 0)));
                kernel = null;
            }
        }
        return out;
    }

    /** Lines of each {@code .entry} section of the PTX that compute in double precision. */
    static Map<String, Integer> f64PerEntry(String ptx) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String entry = null;
        for (String line : ptx.split("\n")) {
            Matcher m = PTX_ENTRY.matcher(line);
            if (m.find()) {
                entry = m.group(1);
                counts.put(entry, 0);
                continue;
            }
            String code = line.trim();
            if (entry == null || code.startsWith(".reg") || code.startsWith("//")) continue;
            if (code.contains(".f64")) counts.merge(entry, 1, Integer::sum);
        }
        return counts;
    }
}
