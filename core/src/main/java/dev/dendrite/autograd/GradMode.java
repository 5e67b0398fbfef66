package dev.dendrite.autograd;

/**
 * A region in which gradient recording is switched on or off for the current thread; closing it
 * restores the previous setting. Made by {@link Autograd#noGrad()} and {@link Autograd#enableGrad()}.
 */
public final class GradMode implements AutoCloseable {
    private final boolean previous;
    private boolean closed;

    GradMode(boolean previous) { this.previous = previous; }

    @Override public void close() {
        if (closed) return;
        closed = true;
        Autograd.setEnabled(previous);
    }
}
