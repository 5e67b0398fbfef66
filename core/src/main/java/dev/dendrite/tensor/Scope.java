package dev.dendrite.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Frees the tensors of a region of code deterministically.
 *
 * <pre>{@code
 * try (Scope scope = Scope.open()) {
 *     Tensor loss = model.forward(x).sub(y).square().mean();
 *     loss.backward();                 // leaves' grads belong to the leaves, not to the scope
 *     result = scope.keep(loss);       // survives: moves to the enclosing scope (or to none)
 * }                                    // every other tensor made in here is closed
 * }</pre>
 *
 * Scopes nest per thread: each tensor created on a thread joins the innermost open scope of
 * that thread (tensors made where no scope is open belong to no scope and are closed by their
 * owner, or, as a last resort, by the garbage collector). Closing a tensor only drops its hold
 * on the shared storage, so a kept view keeps its storage alive.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope parent;
    private final Thread thread;
    private final List<Tensor> tensors = new ArrayList<>();
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
        this.thread = Thread.currentThread();
    }

    /** Opens a scope nested in the current one (if any) on this thread. */
    public static Scope open() {
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** The innermost open scope of this thread, or null. */
    public static Scope current() { return CURRENT.get(); }

    /**
     * Moves {@code t} out of this scope (and out of any scope nested in it) to the enclosing
     * scope, or to no scope when this is the outermost one. Returns {@code t}. A tensor that
     * belongs to an outer scope, or to none, is left where it is.
     */
    public <T extends Tensor> T keep(T t) {
        if (closed) throw new IllegalStateException("keep: scope is already closed");
        if (isInside(t.owner)) adopt(parent, t);
        return t;
    }

    /**
     * Takes {@code t} out of every scope: it lives until its owner closes it. Modules and
     * optimizers do this for parameters and optimizer state, so that a model can be built inside
     * a scope without the scope freeing its weights. Returns {@code t}.
     */
    public static <T extends Tensor> T persist(T t) {
        if (t.owner != null) {
            Scope owner = t.owner;
            t.owner = null;
            owner.tensors.remove(t);
        }
        return t;
    }

    /** Keeps several tensors; see {@link #keep(Tensor)}. */
    public void keep(Tensor... ts) {
        for (Tensor t : ts) keep(t);
    }

    /** Number of tensors currently owned by this scope (for tests and debugging). */
    public int size() {
        int n = 0;
        for (Tensor t : tensors) if (t.owner == this && !t.isClosed()) n++;
        return n;
    }

    @Override public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("Scope.close: a scope must be closed on the thread that opened it");
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("Scope.close: an inner scope is still open; close scopes in reverse order");
        }
        closed = true;
        CURRENT.set(parent);
        for (Tensor t : tensors) {
            if (t.owner == this) {
                t.owner = null;
                t.close();
            }
        }
        tensors.clear();
    }

    /** Called for every new tensor: it joins the innermost scope of this thread. */
    static void register(Tensor t) {
        Scope scope = CURRENT.get();
        if (scope != null) {
            t.owner = scope;
            scope.tensors.add(t);
        }
    }

    /** Takes {@code t} out of whatever scope holds it: its owner now closes it (a leaf's grad). */
    static void release(Tensor t) { t.owner = null; }

    private static void adopt(Scope scope, Tensor t) {
        t.owner = scope;
        if (scope != null) scope.tensors.add(t);
    }

    private boolean isInside(Scope s) {
        for (Scope p = s; p != null; p = p.parent) if (p == this) return true;
        return false;
    }
}
