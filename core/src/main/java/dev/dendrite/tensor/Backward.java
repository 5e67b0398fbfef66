package dev.dendrite.tensor;

import dev.dendrite.autograd.GradMode;
import dev.dendrite.autograd.Node;
import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backward engine. From the output, it orders the recorded nodes so that every node runs
 * after all nodes that use its output (reverse topological order, each node once), then runs
 * each node's rule on the summed gradient of its output and passes the results on to its
 * inputs' nodes; gradients reaching leaves that require grad are accumulated into
 * {@link Tensor#grad()}.
 *
 * <p>Memory: gradients are closed as soon as every consumer has used them; each rule runs in its
 * own {@link Scope} so its temporaries are freed at once. A leaf's grad is a dense copy owned by
 * the leaf (taken out of every scope), so it survives the scope in which backward ran.
 */
final class Backward {
    private Backward() {}

    static void run(Tensor root, Tensor gradOutput) {
        Check.open("backward", root);
        if (!root.requiresGrad) {
            throw new IllegalArgumentException("backward: tensor of shape " + Shapes.str(root.shape)
                    + " does not require grad (no input was marked with requiresGrad(true), or it was made under noGrad)");
        }
        Tensor seed;
        boolean ownSeed;
        if (gradOutput == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: without a gradient the output must have one element, got shape "
                        + Shapes.str(root.shape) + "; pass backward(gradOutput)");
            }
            seed = Tensor.onesLike(root);
            ownSeed = true;
        } else {
            Check.open("backward", gradOutput);
            Check.sameDevice("backward", root, gradOutput);
            Check.dtype("backward", gradOutput, DType.F32);
            if (!Arrays.equals(gradOutput.shape, root.shape)) {
                throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(gradOutput.shape)
                        + " does not match the output shape " + Shapes.str(root.shape));
            }
            seed = gradOutput;
            ownSeed = false;
        }
        try (GradMode off = Tensor.noGrad()) {
            if (root.gradFn == null) {
                accumulate(root, seed);
            } else {
                propagate(root.gradFn, seed);
            }
        } finally {
            if (ownSeed) seed.close();
        }
    }

    private static void propagate(Node rootNode, Tensor seed) {
        List<Node> order = topologicalOrder(rootNode);
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        Map<Tensor, Integer> held = new IdentityHashMap<>(); // how many pending slots hold each gradient
        pending.put(rootNode, seed);
        hold(held, seed, +1);
        Set<Tensor> protectedSeed = Collections.newSetFromMap(new IdentityHashMap<>());
        protectedSeed.add(seed);
        // Gradients the engine made itself (sums, region accumulators) that no rule has seen yet:
        // only the pending map refers to them, so they may be added to in place.
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : order) {
            Tensor g = pending.remove(node);
            if (g == null) continue; // no gradient reached this node
            through(node, g, pending, held, protectedSeed, owned);
        }
        for (Tensor left : pending.values()) if (!protectedSeed.contains(left)) left.close();
    }

    /**
     * One node of {@link #propagate}: its rule applied to its gradient {@code g}, the results handed
     * on to its inputs. A method of its own, not the loop's body, so that the JIT compiles it once
     * as a method: as a loop body that runs a few hundred times a call, it was compiled on the
     * stack (OSR) four times over in a GPT epoch, 1.6 s of compiler time on the two cores the
     * training runs on.
     */
    private static void through(Node node, Tensor g, Map<Node, Tensor> pending, Map<Tensor, Integer> held,
                                Set<Tensor> protectedSeed, Set<Tensor> owned) {
        hold(held, g, -1);
        owned.remove(g);   // the rule may return g or views of it
        if (node.rule() instanceof RegionGrad region) {
            Tensor stale = addIntoRegion(node.input(0), region, g, pending, held, owned);
            if (stale != null && !held.containsKey(stale) && !protectedSeed.contains(stale)) stale.close();
            if (!held.containsKey(g) && !protectedSeed.contains(g)) g.close();
            return;
        }
        for (int i = 0; i < node.inputCount(); i++) {
            Tensor in = node.input(i);
            if (in != null && in.requiresGrad && in.isClosed()) {
                throw new IllegalStateException("backward: a tensor of shape " + Shapes.str(in.shape) + " saved by "
                        + node.name() + " was already closed; run backward inside the Scope that built the graph");
            }
        }
        Tensor[] grads;
        try (Scope local = Scope.open()) {
            grads = node.backward(g);
            for (Tensor gi : grads) if (gi != null) local.keep(gi);
        } catch (IllegalStateException e) { // a tensor the rule saved was closed
            throw new IllegalStateException("backward of " + node.name() + " failed: " + e.getMessage()
                    + "; run backward inside the Scope that built the graph, and do not close its tensors before", e);
        }
        List<Tensor> consumed = new ArrayList<>();
        List<Tensor> adoptable = new ArrayList<>(); // leaves' first gradients, paired with their leaf
        consumed.add(g);
        for (int i = 0; i < grads.length; i++) {
            Tensor gi = grads[i];
            Tensor in = node.input(i);
            if (gi == null || in == null || !in.requiresGrad) {
                if (gi != null) consumed.add(gi);
                continue;
            }
            if (!Arrays.equals(gi.shape, in.shape)) {
                throw new IllegalStateException("backward of " + node.name() + ": gradient " + i + " has shape "
                        + Shapes.str(gi.shape) + " but the input has shape " + Shapes.str(in.shape));
            }
            if (in.gradFn == null) {
                if ((in.grad == null || in.grad.isClosed()) && dense(gi)) {
                    adoptable.add(in);
                    adoptable.add(gi);
                } else {
                    accumulate(in, gi);
                    consumed.add(gi);
                }
                continue;
            }
            Tensor old = pending.get(in.gradFn);
            if (old == null) {
                pending.put(in.gradFn, gi);
                hold(held, gi, +1);
            } else {
                Tensor sum = old.add(gi);
                hold(held, old, -1);
                owned.remove(old);
                pending.put(in.gradFn, sum);
                hold(held, sum, +1);
                owned.add(sum);
                consumed.add(old);
                consumed.add(gi);
            }
        }
        // A gradient that is also closed below, or given to two leaves, cannot become a grad as it is.
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(consumed);
        for (int i = 0; i < adoptable.size(); i += 2) {
            Tensor leaf = adoptable.get(i), gi = adoptable.get(i + 1);
            if (!seen.add(gi)) {
                accumulate(leaf, gi);
                adoptable.set(i, null);
            }
        }
        for (Tensor t : consumed) {
            if (!held.containsKey(t) && !protectedSeed.contains(t)) t.close();
        }
        for (int i = 0; i < adoptable.size(); i += 2) {
            if (adoptable.get(i) != null) adopt(adoptable.get(i), adoptable.get(i + 1), held, protectedSeed);
        }
    }

    /**
     * A view op's backward without a full-size temporary: adds {@code g} into the region of
     * {@code in}'s gradient that the op's output covers. The gradient is the leaf's own grad, or
     * the pending one when the engine owns it, else a fresh accumulator (zeros, or a copy of a
     * pending gradient that a rule returned and so may share memory). Returns the pending
     * gradient this replaced, for the caller to close, or null.
     */
    private static Tensor addIntoRegion(Tensor in, RegionGrad region, Tensor g, Map<Node, Tensor> pending,
                                        Map<Tensor, Integer> held, Set<Tensor> owned) {
        if (in == null || !in.requiresGrad) return null;
        if (in.gradFn == null) {
            if (in.grad == null || in.grad.isClosed()) {
                Tensor zeros = Tensor.zeros(g.device(), in.shape);
                Scope.release(zeros);
                in.grad = zeros;
            }
            try (Tensor r = region.region(in.grad)) {
                r.add_(g);
            }
            return null;
        }
        Tensor old = pending.get(in.gradFn);
        Tensor acc = old;
        Tensor stale = null;
        if (old == null || !owned.contains(old) || held.get(old) != 1) {
            acc = old == null ? Tensor.zeros(g.device(), in.shape) : Tensor.copyOf(old, DType.F32);
            if (old != null) {
                hold(held, old, -1);
                stale = old;
            }
            pending.put(in.gradFn, acc);
            hold(held, acc, +1);
            owned.add(acc);
        }
        try (Tensor r = region.region(acc)) {
            r.add_(g);
        }
        return stale;
    }

    /** Adds {@code g} into the leaf's grad, which the leaf owns (dense, out of every scope). */
    /** True when {@code g} covers its whole buffer in order: it could serve as a gradient as it is. */
    private static boolean dense(Tensor g) {
        return g.offset == 0 && g.dtype() == DType.F32 && g.isContiguous() && g.storage.buffer().length() == g.numel();
    }

    /**
     * A leaf's first gradient of this pass: when nothing else holds its buffer (it is a product a
     * rule just made, say, and the tensors consumed with it are closed), it becomes the leaf's grad
     * as it is; otherwise it is copied, as {@link #accumulate} does. This saves a copy of every
     * weight's gradient every step (the optimizer zeroes grads by dropping them).
     */
    private static void adopt(Tensor leaf, Tensor g, Map<Tensor, Integer> held, Set<Tensor> protectedSeed) {
        boolean sole = g.storage.refCount() == 1 && !held.containsKey(g) && !protectedSeed.contains(g)
                && (leaf.grad == null || leaf.grad.isClosed());
        if (sole) {
            Scope.release(g);
            leaf.grad = g;
            return;
        }
        accumulate(leaf, g);
        if (!held.containsKey(g) && !protectedSeed.contains(g)) g.close();
    }

    private static void accumulate(Tensor leaf, Tensor g) {
        if (leaf.grad == null || leaf.grad.isClosed()) {
            Tensor copy = Tensor.copyOf(g, DType.F32);
            Scope.release(copy);
            leaf.grad = copy;
        } else {
            leaf.grad.add_(g);
        }
    }

    private static void hold(Map<Tensor, Integer> held, Tensor t, int delta) {
        int n = held.getOrDefault(t, 0) + delta;
        if (n <= 0) held.remove(t);
        else held.put(t, n);
    }

    /**
     * Nodes reachable from {@code root}, each after every node that consumes its output:
     * an iterative depth-first search (graphs of long sequences are deep) giving a post-order,
     * reversed.
     */
    static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Integer> nextInput = new ArrayDeque<>();
        stack.push(root);
        nextInput.push(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            Node node = stack.peek();
            int i = nextInput.pop();
            if (i < node.inputCount()) {
                nextInput.push(i + 1);
                Tensor in = node.input(i);
                Node child = in == null ? null : in.gradFn;
                if (child != null && in.requiresGrad && visited.add(child)) {
                    stack.push(child);
                    nextInput.push(0);
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
