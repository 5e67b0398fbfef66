package dev.dendrite.autograd;

/**
 * Whether ops record a graph for backward, per thread (on by default).
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {      // or Tensor.noGrad()
 *     Tensor pred = model.forward(x);    // no graph recorded, nothing saved for backward
 * }
 * }</pre>
 *
 * The backward engine itself runs with recording off, so backward rules never build a graph.
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Autograd() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Switches recording off until the returned mode is closed. */
    public static GradMode noGrad() { return set(false); }

    /** Switches recording on until the returned mode is closed (inside a noGrad region). */
    public static GradMode enableGrad() { return set(true); }

    private static GradMode set(boolean on) {
        boolean[] flag = ENABLED.get();
        GradMode mode = new GradMode(flag[0]);
        flag[0] = on;
        return mode;
    }

    static void setEnabled(boolean on) { ENABLED.get()[0] = on; }
}
