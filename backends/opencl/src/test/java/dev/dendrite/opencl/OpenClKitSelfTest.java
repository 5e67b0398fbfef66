package dev.dendrite.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dendrite.conformance.DeviceConformanceTest;
import dev.dendrite.conformance.KitProbe;
import dev.dendrite.device.Device;
import dev.dendrite.kernels.KernelSources;
import dev.dendrite.kernels.LaunchGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kit must catch real kernel bugs on the real device. Each test builds one kernel family with
 * a deliberate mistake into an OpenCL device of its own, runs the kit's families that use it, with
 * the launch limit lowered as in {@link OpenClConformanceTest}, and asserts that they fail. Each
 * mistake is one the kit used to miss: views of rank 4 or more, and the second and later launches
 * of work split because it exceeds a launch's groups (which real sizes reach only past 65535).
 * Every mistake stays within the buffers, so a broken kernel cannot corrupt the JVM.
 */
class OpenClKitSelfTest {

    /** Strided kernels that skip the outermost coordinate of views of rank 4 or more. */
    @Test
    void stridedKernelsWrongForRankFourOrMoreAreCaughtByTheRankFourToSixCases() {
        List<String> failed = failuresWith("elementwise",
                new String[][] {{"if (first < MAX_RANK - 1) {", "if (first < MAX_RANK - 1 && first > MAX_RANK - 4) {"}},
                "copy", "unary", "binary", "where");
        for (String name : failed) {
            assertTrue(name.contains("stored in order"), "below rank 4 the break is harmless, yet this case failed: " + name);
        }
    }

    /** Strided kernels whose every launch starts at row 0: the rows past the first launch are never written. */
    @Test
    void stridedKernelsIgnoringRowBaseAreCaught() {
        failuresWith("elementwise", new String[][] {{"row = rowBase + get_global_id(1)", "row = get_global_id(1)"}},
                "copy", "unary", "binary", "where");
    }

    @Test
    void poolingIgnoringPlaneBaseIsCaught() {
        failuresWith("pool", new String[][] {{"plane = planeBase + get_global_id(2)", "plane = get_global_id(2)"}},
                "maxPool2d", "maxPool2dBackward", "avgPool2d", "avgPool2dBackward");
    }

    @Test
    void convolutionBiasIgnoringBatchBaseIsCaught() {
        failuresWith("conv", new String[][] {{"b = batchBase + get_global_id(2)", "b = get_global_id(2)"}}, "conv2d");
    }

    /** Matmul that computes only the matrices of its launch's own groups instead of looping over the batch. */
    @Test
    void matmulNotLoopingOverTheBatchIsCaught() {
        failuresWith("matmul", new String[][] {{"b += get_num_groups(2)", "b += batch"}, {"b += get_global_size(2)", "b += batch"}},
                "matmul");
    }

    /**
     * A column reduction split into chunks (two passes) that drops each chunk's last element. Only the
     * kit's long columns split ([1, 1000, 3] and [2, 777, 5]), so they alone must fail.
     */
    @Test
    void splitColumnReductionsDroppingAnElementAreCaught() {
        List<String> failed = failuresWith("reduce", new String[][] {{
                "int end = min(len, begin + chunkLen);\n    __global const float* col",
                "int end = min(len, begin + chunkLen) - (chunks > 1 ? 1 : 0);\n    __global const float* col"}},
                "reduce");
        for (String name : failed) assertTrue(name.contains("len 1000, inner 3") || name.contains("len 777, inner 5"), name);
    }

    /** Kernels that read their view operand from element 0, ignoring its offset: each family's view cases must fail. */
    @Test
    void kernelsIgnoringTheViewOffsetAreCaught() {
        failuresWith("reduce", new String[][] {{"src + v.offset + ", "src + "}}, "reduceViews");
        failuresWith("softmax", new String[][] {{"src + v.offset + ", "src + "}}, "softmaxViews");
        failuresWith("index", new String[][] {{"return v.offset + ", "return "}}, "indexingViews");
        failuresWith("pool", new String[][] {{"input + v.offset + ", "input + "}}, "poolingViews");
        failuresWith("conv", new String[][] {{"input + v.offset + ", "input + "}}, "convolutionViews");
    }

    /**
     * Runs {@code kitFamilies} on a fresh device whose {@code family}.cl has each {from, to} of
     * {@code patch} applied; asserts that each of them fails and returns the failing cases' names.
     */
    private static List<String> failuresWith(String family, String[][] patch, String... kitFamilies) {
        String source = KernelSources.load(family);
        for (String[] p : patch) {
            if (!source.contains(p[0])) fail(family + ".cl no longer contains \"" + p[0] + "\": update this deliberate break");
            source = source.replace(p[0], p[1]);
        }
        OpenClTestSupport.device();   // skips here (or fails, in CI) where OpenCL is missing
        OpenClDevice broken = new OpenClDevice();
        int savedLimit = LaunchGeometry.maxGroupsPerLaunch(OpenClTestSupport.KIT_GROUPS_PER_LAUNCH);
        try {
            broken.programs().replace(family, source);
            DeviceConformanceTest kit = new DeviceConformanceTest() {
                @Override protected Device device() { return broken; }
            };
            List<String> failed = new ArrayList<>();
            for (String kitFamily : kitFamilies) {
                Map<String, String> failures = KitProbe.failures(kit, kitFamily);
                assertFalse(failures.isEmpty(), "the kit's " + kitFamily + " cases passed a broken " + family + ".cl");
                failed.addAll(failures.keySet());
            }
            return failed;
        } finally {
            LaunchGeometry.maxGroupsPerLaunch(savedLimit);
            broken.close();
        }
    }
}
