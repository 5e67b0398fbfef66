package dev.dendrite.tensor;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.autograd.Node;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.Devices;
import dev.dendrite.device.internal.Shapes;
import dev.dendrite.device.View;

/**
 * An n-dimensional array of float32 (values) or int32 (labels, indices) on one {@link Device}.
 *
 * <p>A tensor is a view: a shape, strides and an offset into a reference-counted storage that
 * holds one device buffer. Views (reshape, permute, slice, expand, ...) share the storage and
 * copy nothing. Every op reduces to the primitives of the {@link Device} interface, so the same
 * code runs on the java device, OpenCL and CUDA.
 *
 * <p>Memory: a tensor is {@link AutoCloseable}; {@link Scope} closes every tensor created inside
 * it except the ones kept. The buffer goes back to the device when the last tensor sharing it is
 * closed.
 *
 * <p>Autograd: a leaf made with {@code requiresGrad(true)} records the ops applied to it;
 * {@link #backward()} accumulates gradients into the leaves' {@link #grad()}. Backward must run
 * inside the scope that built the graph (the scope frees the tensors saved for backward).
 *
 * <p>Errors: bad shapes, axes, dtypes, sizes and mixed devices throw
 * {@link IllegalArgumentException} naming the op and the shapes; using a closed tensor throws
 * {@link IllegalStateException}.
 */
public final class Tensor implements AutoCloseable {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    private volatile boolean closed;

    /** The scope that closes this tensor, or null. Managed by {@link Scope}. */
    Scope owner;

    // autograd state
    boolean requiresGrad;
    Node gradFn;
    Tensor grad;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        Scope.register(this);
    }

    // ================================================================ internal constructors

    /** A new contiguous tensor with undefined contents. */
    static Tensor allocate(Device device, DType dtype, int[] shape) {
        int n = Shapes.numel(shape);
        DeviceBuffer buffer = device.allocate(dtype, Math.max(n, 1));
        return new Tensor(new Storage(buffer), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** Another view of {@code base}'s storage (shares it; takes a reference). */
    static Tensor alias(Tensor base, int[] shape, int[] strides, int offset) {
        base.storage.retain();
        return new Tensor(base.storage, shape, strides, offset);
    }

    /** A contiguous copy of {@code src} in {@code dtype} (the device converts F32/I32). */
    static Tensor copyOf(Tensor src, DType dtype) {
        Tensor out = allocate(src.device(), dtype, src.shape);
        if (out.numel() > 0) src.device().copy(src.shape, src.view(), View.contiguous(out.buffer(), src.shape));
        if (dtype == DType.I32 && src.dtype() == DType.I32) out.storage.valueRange(src.storage.valueRange());
        return out;
    }

    /** How the devices read this tensor: buffer, offset and strides. */
    View view() { return new View(storage.buffer(), offset, strides); }

    // ================================================================ creation

    /** Zeros of the given shape, float32, on the default device. */
    public static Tensor zeros(int... shape) { return Create.full(Devices.defaultDevice(), DType.F32, 0f, shape); }

    public static Tensor zeros(Device device, int... shape) { return Create.full(device, DType.F32, 0f, shape); }

    public static Tensor ones(int... shape) { return Create.full(Devices.defaultDevice(), DType.F32, 1f, shape); }

    public static Tensor ones(Device device, int... shape) { return Create.full(device, DType.F32, 1f, shape); }

    public static Tensor full(float value, int... shape) { return Create.full(Devices.defaultDevice(), DType.F32, value, shape); }

    public static Tensor full(Device device, float value, int... shape) { return Create.full(device, DType.F32, value, shape); }

    /** Int32 zeros (e.g. a label buffer). */
    public static Tensor zerosInt(int... shape) { return Create.full(Devices.defaultDevice(), DType.I32, 0f, shape); }

    public static Tensor zerosInt(Device device, int... shape) { return Create.full(device, DType.I32, 0f, shape); }

    /** A tensor of {@code other}'s shape, dtype and device filled with zeros. */
    public static Tensor zerosLike(Tensor other) { return Create.full(other.device(), other.dtype(), 0f, other.shape); }

    public static Tensor onesLike(Tensor other) { return Create.full(other.device(), other.dtype(), 1f, other.shape); }

    /** {@code [0, 1, ..., n-1]} as float32 (use {@code toInt()} for indices, or {@link #arangeInt}). */
    public static Tensor arange(int n) { return Create.arange(Devices.defaultDevice(), 0, n, 1); }

    public static Tensor arange(Device device, int n) { return Create.arange(device, 0, n, 1); }

    /** {@code start, start + step, ...} below {@code end} (above it for a negative step), float32. */
    public static Tensor arange(float start, float end, float step) { return Create.arange(Devices.defaultDevice(), start, end, step); }

    public static Tensor arange(Device device, float start, float end, float step) { return Create.arange(device, start, end, step); }

    /** {@code [0, 1, ..., n-1]} as int32. */
    public static Tensor arangeInt(int n) { return Create.arangeInt(Devices.defaultDevice(), n); }

    public static Tensor arangeInt(Device device, int n) { return Create.arangeInt(device, n); }

    /** A float32 tensor holding a copy of {@code data}; the shape defaults to {@code [data.length]}. */
    public static Tensor of(float[] data, int... shape) { return Create.of(Devices.defaultDevice(), data, shape); }

    public static Tensor of(Device device, float[] data, int... shape) { return Create.of(device, data, shape); }

    /** An int32 tensor holding a copy of {@code data} (labels, indices). */
    public static Tensor of(int[] data, int... shape) { return Create.of(Devices.defaultDevice(), data, shape); }

    public static Tensor of(Device device, int[] data, int... shape) { return Create.of(device, data, shape); }

    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) { return Create.of(Devices.defaultDevice(), rows); }

    public static Tensor of(Device device, float[][] rows) { return Create.of(device, rows); }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(float value) { return Create.full(Devices.defaultDevice(), DType.F32, value, new int[0]); }

    public static Tensor scalar(Device device, float value) { return Create.full(device, DType.F32, value, new int[0]); }

    /** Uniform on [0, 1) from Philox: element i is the value for (seed, counter i), on every device. */
    public static Tensor rand(long seed, int... shape) { return Create.uniform(Devices.defaultDevice(), seed, 0f, 1f, shape); }

    public static Tensor rand(Device device, long seed, int... shape) { return Create.uniform(device, seed, 0f, 1f, shape); }

    /** Standard normal from Philox (Box-Muller). */
    public static Tensor randn(long seed, int... shape) { return Create.normal(Devices.defaultDevice(), seed, 0f, 1f, shape); }

    public static Tensor randn(Device device, long seed, int... shape) { return Create.normal(device, seed, 0f, 1f, shape); }

    public static Tensor uniform(long seed, float lo, float hi, int... shape) { return Create.uniform(Devices.defaultDevice(), seed, lo, hi, shape); }

    public static Tensor uniform(Device device, long seed, float lo, float hi, int... shape) { return Create.uniform(device, seed, lo, hi, shape); }

    public static Tensor normal(long seed, float mean, float std, int... shape) { return Create.normal(Devices.defaultDevice(), seed, mean, std, shape); }

    public static Tensor normal(Device device, long seed, float mean, float std, int... shape) { return Create.normal(device, seed, mean, std, shape); }

    // ================================================================ information

    public int[] shape() { return shape.clone(); }

    /** Size of one axis; negative axes count from the end. */
    public int shape(int axis) { return shape[Check.axis("shape", axis, shape.length, shape)]; }

    /** Alias of {@link #shape(int)}, as PyTorch's size(dim). */
    public int size(int axis) { return shape(axis); }

    public int rank() { return shape.length; }

    public int numel() { return Shapes.numel(shape); }

    public DType dtype() { return storage.buffer().dtype(); }

    public Device device() { return storage.device(); }

    /** Strides in elements (0 on broadcast axes). */
    public int[] strides() { return strides.clone(); }

    /** Offset of element [0, ..., 0] in the buffer, in elements. */
    public int offset() { return offset; }

    /** True when the elements are laid out row-major without gaps (any offset). */
    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    /** The shared device buffer (low level: optimizers and backends). Mind {@link #offset()} and {@link #strides()}. */
    public DeviceBuffer buffer() {
        Check.open("buffer", this);
        return storage.buffer();
    }

    // ================================================================ views (no copy)

    /** Same elements in a new shape; one size may be -1. A view when the strides allow it, else a copy. */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape); }

    /** Like {@link #reshape} but never copies: fails when the strides cannot express the new shape. */
    public Tensor view(int... newShape) { return Views.view(this, newShape); }

    /** Reorders the axes: result axis i is this tensor's axis {@code axes[i]}. */
    public Tensor permute(int... axes) { return Views.permute(this, axes); }

    public Tensor transpose(int a, int b) { return Views.transpose(this, a, b); }

    /** Transpose of a 2-D tensor (a 0-d or 1-D tensor is returned as a view of itself). */
    public Tensor t() { return Views.t(this); }

    /** Elements {@code start <= i < end} along {@code axis}; negative bounds count from the end and are clamped as in Python. */
    public Tensor slice(int axis, int start, int end) { return Views.slice(this, axis, start, end, 1); }

    public Tensor slice(int axis, int start, int end, int step) { return Views.slice(this, axis, start, end, step); }

    /** The slice at {@code index} along {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) { return Views.select(this, axis, index); }

    /** {@code length} elements from {@code start} along {@code axis} (no clamping: out of range is an error). */
    public Tensor narrow(int axis, int start, int length) { return Views.narrow(this, axis, start, length); }

    /** Broadcasts size-1 axes (and new leading axes) to {@code newShape} with stride 0; -1 keeps a size. */
    public Tensor expand(int... newShape) { return Views.expand(this, newShape); }

    public Tensor broadcastTo(int... newShape) { return Views.expand(this, newShape); }

    /** Removes every axis of size 1. */
    public Tensor squeeze() { return Views.squeeze(this); }

    /** Removes {@code axis} if its size is 1 (otherwise returns an unchanged view). */
    public Tensor squeeze(int axis) { return Views.squeeze(this, axis); }

    /** Inserts an axis of size 1 at {@code axis} (from -rank-1 to rank). */
    public Tensor unsqueeze(int axis) { return Views.unsqueeze(this, axis); }

    /** Merges axes {@code startAxis..} into one. */
    public Tensor flatten(int startAxis) { return Views.flatten(this, startAxis, -1); }

    public Tensor flatten(int startAxis, int endAxis) { return Views.flatten(this, startAxis, endAxis); }

    /** Merges all axes into one. */
    public Tensor flatten() { return Views.flatten(this, 0, -1); }

    /** A contiguous tensor with the same values: a new view of this storage when already contiguous, else a copy. */
    public Tensor contiguous() { return Views.contiguous(this); }

    /** A contiguous copy that shares nothing with this tensor (gradients flow through it). */
    public Tensor clone() { return Views.cloneTensor(this); }

    /** This tensor on {@code device} (a new view when it is already there). */
    public Tensor to(Device device) { return Views.to(this, device); }

    /** Converted to float32 (a new view when it already is). */
    public Tensor toFloat() { return Views.convert(this, DType.F32); }

    /** Converted to int32, truncating toward zero (a new view when it already is). */
    public Tensor toInt() { return Views.convert(this, DType.I32); }

    /** A new view of the same storage, cut off from the graph: it never requires a gradient. */
    public Tensor detach() { return Views.detach(this); }

    // ================================================================ elementwise (NumPy broadcasting)

    public Tensor add(Tensor other) { return Elementwise.add(this, other); }

    public Tensor add(float v) { return Elementwise.addScalar(this, v); }

    public Tensor sub(Tensor other) { return Elementwise.sub(this, other); }

    public Tensor sub(float v) { return Elementwise.addScalar(this, -v); }

    public Tensor mul(Tensor other) { return Elementwise.mul(this, other); }

    public Tensor mul(float v) { return Elementwise.mulScalar(this, v); }

    public Tensor div(Tensor other) { return Elementwise.div(this, other); }

    /** Multiplies by {@code 1 / v} (within one rounding of true division). */
    public Tensor div(float v) { return Elementwise.mulScalar(this, 1f / v); }

    /** {@code v - this}. */
    public Tensor rsub(float v) { return Elementwise.rsub(this, v); }

    /** {@code v / this}. */
    public Tensor rdiv(float v) { return Elementwise.rdiv(this, v); }

    public Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }

    public Tensor pow(float exponent) { return Elementwise.powScalar(this, exponent); }

    public Tensor maximum(Tensor other) { return Elementwise.maximum(this, other); }

    public Tensor maximum(float v) { return Elementwise.maxScalar(this, v); }

    public Tensor minimum(Tensor other) { return Elementwise.minimum(this, other); }

    public Tensor minimum(float v) { return Elementwise.minScalar(this, v); }

    public Tensor clamp(float min, float max) { return Elementwise.clamp(this, min, max); }

    public Tensor neg() { return Elementwise.neg(this); }

    public Tensor exp() { return Elementwise.exp(this); }

    public Tensor log() { return Elementwise.log(this); }

    public Tensor sqrt() { return Elementwise.sqrt(this); }

    public Tensor rsqrt() { return Elementwise.rsqrt(this); }

    public Tensor abs() { return Elementwise.abs(this); }

    /** -1, 0 or 1 (no gradient). */
    public Tensor sign() { return Elementwise.sign(this); }

    public Tensor square() { return Elementwise.square(this); }

    public Tensor reciprocal() { return Elementwise.reciprocal(this); }

    public Tensor relu() { return Elementwise.relu(this); }

    public Tensor sigmoid() { return Elementwise.sigmoid(this); }

    public Tensor tanh() { return Elementwise.tanh(this); }

    /** Exact GELU, {@code x * Phi(x)}. */
    public Tensor gelu() { return Elementwise.gelu(this); }

    /** GELU's tanh approximation, PyTorch's {@code gelu(x, approximate="tanh")}. */
    public Tensor geluTanh() { return Elementwise.geluTanh(this); }

    public Tensor leakyRelu(float alpha) { return Elementwise.leakyRelu(this, alpha); }

    /** 1.0 where equal, else 0.0 (float32; int32 operands are compared as floats). No gradient. */
    public Tensor eq(Tensor other) { return Elementwise.compare("eq", this, other); }

    public Tensor eq(float v) { return Elementwise.compareScalar("eq", this, v); }

    public Tensor ne(Tensor other) { return Elementwise.compare("ne", this, other); }

    public Tensor ne(float v) { return Elementwise.compareScalar("ne", this, v); }

    public Tensor lt(Tensor other) { return Elementwise.compare("lt", this, other); }

    public Tensor lt(float v) { return Elementwise.compareScalar("lt", this, v); }

    public Tensor le(Tensor other) { return Elementwise.compare("le", this, other); }

    public Tensor le(float v) { return Elementwise.compareScalar("le", this, v); }

    public Tensor gt(Tensor other) { return Elementwise.compare("gt", this, other); }

    public Tensor gt(float v) { return Elementwise.compareScalar("gt", this, v); }

    public Tensor ge(Tensor other) { return Elementwise.compare("ge", this, other); }

    public Tensor ge(float v) { return Elementwise.compareScalar("ge", this, v); }

    /** {@code cond != 0 ? a : b}, all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }

    /**
     * Inverted dropout: zeroes each element with probability {@code p} and scales the others by
     * {@code 1 / (1 - p)}. The mask comes from Philox (seed, counterOffset + element index), so it
     * is the same on every device.
     */
    public Tensor dropout(float p, long seed, long counterOffset) { return Elementwise.dropout(this, p, seed, counterOffset); }

    // ================================================================ reductions

    /** Sum of all elements, 0-d. */
    public Tensor sum() { return Reductions.sum(this, Reductions.ALL, false); }

    public Tensor sum(int axis, boolean keepdim) { return Reductions.sum(this, new int[] {axis}, keepdim); }

    public Tensor sum(int[] axes, boolean keepdim) { return Reductions.sum(this, axes, keepdim); }

    public Tensor mean() { return Reductions.mean(this, Reductions.ALL, false); }

    public Tensor mean(int axis, boolean keepdim) { return Reductions.mean(this, new int[] {axis}, keepdim); }

    public Tensor mean(int[] axes, boolean keepdim) { return Reductions.mean(this, axes, keepdim); }

    /** Maximum of all elements, 0-d. The gradient is shared equally by tied maxima. */
    public Tensor max() { return Reductions.extreme(this, Reductions.ALL, false, true); }

    public Tensor max(int axis, boolean keepdim) { return Reductions.extreme(this, new int[] {axis}, keepdim, true); }

    public Tensor max(int[] axes, boolean keepdim) { return Reductions.extreme(this, axes, keepdim, true); }

    public Tensor min() { return Reductions.extreme(this, Reductions.ALL, false, false); }

    public Tensor min(int axis, boolean keepdim) { return Reductions.extreme(this, new int[] {axis}, keepdim, false); }

    public Tensor min(int[] axes, boolean keepdim) { return Reductions.extreme(this, axes, keepdim, false); }

    /** Index (int32) of the first maximum along {@code axis}. */
    public Tensor argmax(int axis, boolean keepdim) { return Reductions.argmax(this, axis, keepdim); }

    /** Index (int32) of the first maximum of the flattened tensor, 0-d. */
    public Tensor argmax() { return Reductions.argmax(flatten(), 0, false); }

    // ================================================================ linear algebra and nn functions

    /** Matrix product as numpy.matmul: batched, broadcasting leading axes; 1-D operands as vectors. */
    public Tensor matmul(Tensor other) { return Matmul.matmul(this, other); }

    /** 2-D convolution (cross-correlation) on NCHW; {@code bias} ([outC]) may be null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    /** As above with (height, width) pairs of strides and paddings. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding) {
        return Convolution.conv2d(x, weight, bias, stride, padding, new int[] {1, 1}, 1);
    }

    /**
     * As PyTorch's {@code conv2d(x, weight, bias, stride, padding, dilation, groups)}: the kernel's
     * taps lie {@code dilation} apart, and the channels are cut into {@code groups} slices, each
     * output slice seeing only its input slice; weight is [outC, inC / groups, kH, kW]
     * ({@code groups = inC} is a depthwise convolution).
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** Max pooling over {@code kernel x kernel} windows on NCHW; padding counts as -infinity. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return Pooling.pool(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding}, true);
    }

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return Pooling.pool(x, kernel, stride, padding, true);
    }

    /** Average pooling; padding counts as zero and is included in the divisor (PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return Pooling.pool(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding}, false);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return Pooling.pool(x, kernel, stride, padding, false);
    }

    public Tensor softmax(int axis) { return Softmax.softmax(this, axis, false); }

    /**
     * Scaled dot-product attention {@code softmax(q k^T / sqrt(d) + mask) v} on q [..., Tq, d],
     * k [..., Tk, d], v [..., Tk, dv] (usually [batch, heads, T, d]). {@code mask} (may be null)
     * is added to the scores, so 0 keeps a key and -inf hides it; {@code causal} hides the keys
     * after each query. See {@link Attention}.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        return Attention.attend(q, k, v, mask, causal);
    }

    /** The probabilities of {@link #scaledDotProductAttention}, [..., Tq, Tk], for dropout on them before {@code v}. */
    public static Tensor attentionWeights(Tensor q, Tensor k, Tensor mask, boolean causal) {
        return Attention.weights(q, k, mask, causal);
    }

    public Tensor logSoftmax(int axis) { return Softmax.softmax(this, axis, true); }

    /**
     * Layer normalisation over the last axes, those of {@code normalizedShape}, as
     * torch.nn.functional.layer_norm: each example minus its mean, divided by
     * {@code sqrt(var + eps)} (biased variance), times {@code weight} plus {@code bias} (each of
     * the normalized shape, or null). One fused device op forward and one backward.
     */
    public Tensor layerNorm(int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        return Normalization.layerNorm(this, normalizedShape, weight, bias, eps);
    }

    /** torch.gather: {@code out[..., j, ...] = this[..., index[..., j, ...], ...]} along {@code axis}. */
    public Tensor gather(int axis, Tensor index) { return Indexing.gather(this, axis, index); }

    /** torch.scatter_add (not in place): a copy of this with {@code src} added at {@code index} along {@code axis}. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return Indexing.scatterAdd(this, axis, index, src); }

    /** The slices at the (1-D, int32) {@code index} positions along {@code axis}. */
    public Tensor indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... ts) { return Joining.concat(axis, ts); }

    /** Joins tensors of equal shape along a new axis. */
    public static Tensor stack(int axis, Tensor... ts) { return Joining.stack(axis, ts); }

    // ================================================================ reading back

    /** All elements in row-major order (int32 tensors are converted). Waits for queued work. */
    public float[] toFloatArray() { return Readback.floats(this); }

    /** All elements of an int32 tensor in row-major order. */
    public int[] toIntArray() { return Readback.ints(this); }

    /** The value of a one-element tensor. */
    public float item() { return Readback.item(this); }

    /** Numpy-like text: values (elided with ... when large), shape, dtype and device. */
    @Override public String toString() { return Printer.print(this); }

    // ================================================================ autograd

    /**
     * Marks a leaf as a parameter whose gradient is wanted (float32 only); returns this.
     * Only leaves can change this flag; use {@link #detach()} to cut a result off the graph.
     */
    public Tensor requiresGrad(boolean on) {
        Check.open("requiresGrad", this);
        if (gradFn != null) {
            throw new IllegalArgumentException("requiresGrad: only leaf tensors can change requiresGrad (this one was made by "
                    + gradFn.name() + "); use detach()");
        }
        if (on && dtype() != DType.F32) {
            throw new IllegalArgumentException("requiresGrad: only float32 tensors can require gradients, got " + dtype()
                    + " of shape " + Shapes.str(shape));
        }
        requiresGrad = on;
        return this;
    }

    public boolean requiresGrad() { return requiresGrad; }

    /** The accumulated gradient of a leaf, or null. Owned by the leaf: do not close it; use {@link #zeroGrad()}. */
    public Tensor grad() { return grad; }

    /** The node that made this tensor (null for leaves and for results that need no gradient). */
    public Node gradFn() { return gradFn; }

    /** True for tensors not made by a recorded op (parameters, inputs, constants). */
    public boolean isLeaf() { return gradFn == null; }

    /** Backpropagates from this one-element tensor (a loss), accumulating into leaves' grads. */
    public void backward() { Backward.run(this, null); }

    /** Backpropagates with {@code gradOutput} as the gradient of this tensor (same shape). */
    public void backward(Tensor gradOutput) { Backward.run(this, gradOutput); }

    /** Closes and clears the gradient. */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** Gradient recording off for this thread until closed: {@code try (var g = Tensor.noGrad()) { ... }}. */
    public static GradMode noGrad() { return Autograd.noGrad(); }

    // ================================================================ in place (never recorded)

    /** Copies {@code src} (broadcast to this shape, converting dtype) into this tensor's elements; returns this. */
    public Tensor copy_(Tensor src) { return InPlace.copy(this, src); }

    public Tensor fill_(float value) { return InPlace.fill(this, value); }

    public Tensor mul_(float v) { return InPlace.mulScalar(this, v); }

    /** Multiplies by {@code other} (broadcast to this tensor's shape) in place; returns this. */
    public Tensor mul_(Tensor other) { return InPlace.mul(this, other); }

    public Tensor add_(float v) { return InPlace.addScalar(this, v); }

    /** Adds {@code other} (broadcast to this shape). */
    public Tensor add_(Tensor other) { return InPlace.add(this, other); }

    /** Adds {@code alpha * other} (broadcast to this shape). */
    public Tensor add_(Tensor other, float alpha) { return InPlace.addScaled(this, other, alpha); }

    // ================================================================ memory

    /**
     * Drops this tensor's hold on its storage (the buffer is released when no view holds it) and
     * closes its gradient. Idempotent.
     */
    @Override public void close() {
        if (closed) return;
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        storage.release();
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    public boolean isClosed() { return closed; }
}
