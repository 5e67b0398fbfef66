package dev.dendrite.nn;

/**
 * What max and average pooling share: a window, a stride and a padding, each a (height, width)
 * pair. The stride defaults to the window, as in PyTorch.
 */
abstract class Pool2d extends Module {
    public final int kernelH, kernelW;
    public final int strideH, strideW;
    public final int padH, padW;

    Pool2d(String name, int[] kernel, int[] stride, int[] padding) {
        int[] s = stride == null ? kernel : stride;
        if (!isPair(kernel) || !isPair(s) || !isPair(padding) || kernel[0] <= 0 || kernel[1] <= 0 || s[0] <= 0 || s[1] <= 0
                || padding[0] < 0 || padding[1] < 0) {
            throw new IllegalArgumentException(name + ": kernel_size and stride must be 2 positive values, padding 2 non-negative"
                    + " ones (height, width); got kernel_size=" + text(kernel) + ", stride=" + text(stride) + ", padding=" + text(padding));
        }
        this.kernelH = kernel[0];
        this.kernelW = kernel[1];
        this.strideH = s[0];
        this.strideW = s[1];
        this.padH = padding[0];
        this.padW = padding[1];
    }

    int[] kernel() { return new int[] {kernelH, kernelW}; }
    int[] stride() { return new int[] {strideH, strideW}; }
    int[] padding() { return new int[] {padH, padW}; }

    /** As PyTorch prints it; a pair whose two values agree is printed as one. */
    @Override protected String extraRepr() {
        return "kernel_size=" + value(kernelH, kernelW) + ", stride=" + value(strideH, strideW) + ", padding=" + value(padH, padW);
    }

    private static String value(int h, int w) { return h == w ? Integer.toString(h) : "(" + h + ", " + w + ")"; }

    private static boolean isPair(int[] v) { return v != null && v.length == 2; }

    private static String text(int[] v) { return v == null ? "null" : java.util.Arrays.toString(v); }
}
