package dev.dendrite.device;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Conv2dShape's sizes follow PyTorch's formulas, and a bad geometry is refused with what was given and what was expected. */
class Conv2dShapeTest {

    @Test
    void theElevenArgumentFormIsUndilatedAndUngrouped() {
        Conv2dShape s = new Conv2dShape(2, 4, 9, 7, 6, 3, 3, 2, 1, 1, 0);
        assertEquals(new Conv2dShape(2, 4, 9, 7, 6, 3, 3, 2, 1, 1, 0, 1, 1, 1), s);
        assertTrue(s.plain());
        assertArrayEquals(new int[] {2, 6, 5, 5}, s.outputShape());
        assertArrayEquals(new int[] {6, 4, 3, 3}, s.weightShape());
    }

    @Test
    void dilationSpreadsTheTapsAsPyTorchCountsThem() {
        // torch.nn.Conv2d(1, 1, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 3)) on 11 x 8 gives 5 x 5
        Conv2dShape s = new Conv2dShape(1, 1, 11, 8, 1, 3, 2, 2, 1, 1, 0, 2, 3, 1);
        assertEquals(5, s.outH());
        assertEquals(5, s.outW());
        assertFalse(s.plain());
    }

    @Test
    void groupsShrinkTheWeightAndTheWork() {
        Conv2dShape grouped = new Conv2dShape(2, 8, 5, 5, 12, 3, 3, 1, 1, 1, 1, 1, 1, 4);
        Conv2dShape full = new Conv2dShape(2, 8, 5, 5, 12, 3, 3, 1, 1, 1, 1);
        assertArrayEquals(new int[] {12, 2, 3, 3}, grouped.weightShape());
        assertEquals(2, grouped.inPerGroup());
        assertEquals(3, grouped.outPerGroup());
        assertEquals(full.flops() / 4, grouped.flops());
        Conv2dShape depthwise = new Conv2dShape(1, 5, 4, 4, 5, 3, 3, 1, 1, 1, 1, 1, 1, 5);
        assertArrayEquals(new int[] {5, 1, 3, 3}, depthwise.weightShape());
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreRefused() {
        String in = message(() -> new Conv2dShape(1, 6, 5, 5, 8, 3, 3, 1, 1, 0, 0, 1, 1, 4));
        assertTrue(in.contains("4 groups must divide both the input channels (6) and the output channels (8)"), in);
        String out = message(() -> new Conv2dShape(1, 6, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 3));
        assertTrue(out.contains("output channels (4)"), out);
        assertTrue(out.startsWith("conv2d:"), out);
    }

    @Test
    void aDilatedKernelWiderThanThePaddedInputIsRefused() {
        // 3 taps 3 apart span 7 columns; the padded input has 6
        String m = message(() -> new Conv2dShape(1, 1, 9, 4, 1, 3, 3, 1, 1, 0, 1, 1, 3, 1));
        assertTrue(m.contains("kernel 3x3 dilated 1x3 spans 3x7"), m);
        assertTrue(m.contains("padded input 9x6"), m);
        String plain = message(() -> new Conv2dShape(1, 1, 2, 2, 1, 3, 3, 1, 1, 0, 0));
        assertTrue(plain.contains("kernel 3x3 is larger than the padded input 2x2"), plain);
    }

    @Test
    void nonPositiveSettingsAreRefusedWithTheGivenValues() {
        String dilation = message(() -> new Conv2dShape(1, 2, 5, 5, 2, 3, 3, 1, 1, 0, 0, 0, 1, 1));
        assertTrue(dilation.contains("dilation 0x1"), dilation);
        assertTrue(dilation.contains("input [1, 2, 5, 5]"), dilation);   // the arguments, not a half-built record's zeros
        String groups = message(() -> new Conv2dShape(1, 2, 5, 5, 2, 3, 3, 1, 1, 0, 0, 1, 1, 0));
        assertTrue(groups.contains("groups 0") && groups.contains("must be positive"), groups);
    }

    private static String message(org.junit.jupiter.api.function.Executable build) {
        return assertThrows(IllegalArgumentException.class, build).getMessage();
    }
}
