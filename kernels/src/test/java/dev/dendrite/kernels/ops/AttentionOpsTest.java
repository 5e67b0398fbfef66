package dev.dendrite.kernels.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.AttentionShape;
import dev.dendrite.device.DType;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.View;
import dev.dendrite.kernels.KernelSources;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The host side of attention.cl: its constants agree with the kernel's, and the launch it makes. */
class AttentionOpsTest {
    private static int define(String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(KernelSources.load("attention"));
        assertTrue(m.find(), name + " in attention.cl");
        return Integer.parseInt(m.group(1));
    }

    @Test void constantsMatchTheKernel() {
        assertEquals(AttentionOps.ROWS, define("ATT_ROWS"));
        assertEquals(AttentionShape.MAX_HEAD_DIM, define("ATT_MAX_D"));
    }

    @Test void oneGroupPerHeadAndBlockOfQueries() {
        RecordingDevice d = new RecordingDevice(null);
        DeviceBuffer q = d.allocate(DType.F32, 3 * 33 * 4), k = d.allocate(DType.F32, 3 * 5 * 4), v = d.allocate(DType.F32, 3 * 5 * 2);
        DeviceBuffer m = d.allocate(DType.F32, 33 * 5), out = d.allocate(DType.F32, 3 * 33 * 2), lse = d.allocate(DType.F32, 3 * 33);
        d.attention(new AttentionShape(3, 33, 5, 4, 2, 0.5f, true), q, k, v, new View(m, 0, new int[] {0, 5, 1}), out, lse);
        assertEquals(1, d.log.size(), d.log.toString());
        String call = d.log.get(0);
        assertTrue(call.startsWith("attention/attention_forward(33, 5, 4, 2, 0.5, 1, buf#0, buf#1, buf#2, 1, buf#3, 0, 0, 5, 1, buf#4, buf#5)"), call);
        assertTrue(call.endsWith("global=[192] local=[32]"), call);   // 3 heads x 2 blocks of 32 queries
    }
}
