package dev.dendrite.device;

/**
 * A place where tensors live and ops run: the java device, OpenCL, CUDA.
 *
 * <p>A device owns buffers and runs a small, fixed set of primitive ops on them. The tensor API
 * reduces every operation to these primitives, so a new backend implements this interface, passes
 * the conformance kit ({@code dev.dendrite.conformance} in core's test-jar) and every layer,
 * loss and optimizer runs on it unchanged.
 *
 * <h2>Contract shared by all primitives</h2>
 * <ul>
 *   <li>Inputs described by a {@link View} may be strided (transposed, sliced, broadcast with
 *       stride 0) and start at any offset. Outputs passed as a bare {@link DeviceBuffer} are
 *       written contiguous, row-major, from element 0. Every op that reads a tensor takes it as a
 *       View (the ops along one axis as a rank-3 {@code [outer, len, inner]} view, convolution and
 *       pooling as a rank-4 NCHW view), so the tensor layer never copies a view to feed a device;
 *       the overloads taking a bare buffer are shorthands for a dense view from element 0.</li>
 *   <li>Every primitive may be queued asynchronously. Only {@link #download} and
 *       {@link #synchronize} wait for queued work.</li>
 *   <li>Arguments are already checked by the tensor layer (shapes, dtypes, same device); a device
 *       may assume they are consistent, but must never write outside a buffer.</li>
 *   <li>Unless stated otherwise, primitives take and produce {@link DType#F32}.</li>
 *   <li>An output may be the same buffer as an input read with the same dense layout (the
 *       in-place ops {@code add_}, {@code mul_} do this): each element is read before it is
 *       written, by the same work-item.</li>
 *   <li>An op writes exactly the elements its shape implies, never past them, even when the
 *       buffer is longer. Zero-length buffers and rank-0 shapes are legal.</li>
 *   <li>{@link #release} may be called from any thread (the tensor layer's Cleaner safety net
 *       runs on its own thread); every other method is called from the thread using the device.</li>
 *   <li>Results for NaN or infinite inputs to max/min-style ops (binary MAX/MIN, MAX/ARGMAX
 *       reductions, max pooling, RELU) may differ between devices: OpenCL's {@code fmax}
 *       ignores NaN where Java's {@code Math.max} propagates it. The conformance kit sends none.</li>
 * </ul>
 */
public interface Device extends AutoCloseable {

    /** Short name used to choose it: "java", "opencl", "cuda". */
    String name();

    /** One line for logs and benchmark tables, naming the hardware and driver. */
    String description();

    // ---------------------------------------------------------------- memory

    /** A new buffer of {@code length} elements; its contents are undefined. */
    DeviceBuffer allocate(DType dtype, int length);

    /** Gives a buffer back (to the device or to its caching allocator). Called exactly once per buffer. */
    void release(DeviceBuffer buffer);

    void upload(float[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count);

    void upload(int[] src, int srcOffset, DeviceBuffer dst, int dstOffset, int count);

    /** Waits for queued work that writes {@code src}, then copies to the host. */
    void download(DeviceBuffer src, int srcOffset, float[] dst, int dstOffset, int count);

    void download(DeviceBuffer src, int srcOffset, int[] dst, int dstOffset, int count);

    /** Waits until all queued work has finished. */
    void synchronize();

    MemoryStats memoryStats();

    /** Releases everything the device holds (cached buffers, programs, queues). */
    @Override void close();

    // ---------------------------------------------------------------- data movement

    /** Sets {@code count} elements from {@code offset} to {@code value} (F32 or I32; I32 takes (int) value). */
    void fill(DeviceBuffer dst, int offset, int count, float value);

    /**
     * Strided copy: for every index of {@code shape}, {@code dst[idx] = src[idx]}. Both sides may be
     * strided (this is how contiguous(), concat and slice assignment work). Converts between F32
     * and I32 when the buffers' dtypes differ (float to int truncates toward zero).
     */
    void copy(int[] shape, View src, View dst);

    // ---------------------------------------------------------------- elementwise

    /** {@code dst = op(src, alpha)} over {@code shape}; {@code alpha} is ignored by ops that take none. */
    void unary(UnaryOp op, float alpha, int[] shape, View src, DeviceBuffer dst);

    /** {@code dst = op(a, b)} over {@code shape}; a and b are broadcast through their strides. */
    void binary(BinaryOp op, int[] shape, View a, View b, DeviceBuffer dst);

    /** {@code dst = cond != 0 ? a : b} over {@code shape}; cond is F32. */
    void where(int[] shape, View cond, View a, View b, DeviceBuffer dst);

    // ---------------------------------------------------------------- reductions

    /**
     * Reduces the middle axis of the {@code [outer, len, inner]} view {@code src} (three strides)
     * into {@code dst} of shape {@code [outer, inner]}. ARGMAX writes I32. {@code len} may be 0
     * only for SUM (gives 0) and MEAN (gives NaN).
     */
    void reduce(ReduceOp op, View src, int outer, int len, int inner, DeviceBuffer dst);

    /** {@link #reduce(ReduceOp, View, int, int, int, DeviceBuffer)} of a contiguous block from element 0. */
    default void reduce(ReduceOp op, DeviceBuffer src, int outer, int len, int inner, DeviceBuffer dst) {
        reduce(op, View.block(src, outer, len, inner), outer, len, inner, dst);
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code c = op(a) x op(b)} for every matrix of the batch; see {@link MatmulShape}. */
    void matmul(MatmulShape shape, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer c);

    /** Forward convolution of the NCHW view {@code input} (four strides); {@code bias} ([outC]) may be null. */
    void conv2d(Conv2dShape shape, View input, DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer output);

    default void conv2d(Conv2dShape shape, DeviceBuffer input, DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer output) {
        conv2d(shape, View.contiguous(input, shape.inputShape()), weight, bias, output);
    }

    /** Gradient of the loss with respect to the convolution's input. */
    void conv2dBackwardInput(Conv2dShape shape, DeviceBuffer gradOutput, DeviceBuffer weight, DeviceBuffer gradInput);

    /** Gradient of the loss with respect to the weight (bias gradient is a sum the tensor layer does). */
    void conv2dBackwardWeight(Conv2dShape shape, View input, DeviceBuffer gradOutput, DeviceBuffer gradWeight);

    default void conv2dBackwardWeight(Conv2dShape shape, DeviceBuffer input, DeviceBuffer gradOutput, DeviceBuffer gradWeight) {
        conv2dBackwardWeight(shape, View.contiguous(input, shape.inputShape()), gradOutput, gradWeight);
    }

    // ---------------------------------------------------------------- pooling

    /**
     * Max pooling; {@code argmax} (I32, output-sized) records the winning flat index within each
     * input plane (h * inW + w), whatever the strides of the NCHW view {@code input}. Ties go to
     * the first maximum in row-major window order.
     */
    void maxPool2d(Pool2dShape shape, View input, DeviceBuffer output, DeviceBuffer argmax);

    default void maxPool2d(Pool2dShape shape, DeviceBuffer input, DeviceBuffer output, DeviceBuffer argmax) {
        maxPool2d(shape, View.contiguous(input, shape.inputShape()), output, argmax);
    }

    /** Routes each output gradient to the input position recorded in {@code argmax}; writes all of gradInput. */
    void maxPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer argmax, DeviceBuffer gradInput);

    void avgPool2d(Pool2dShape shape, View input, DeviceBuffer output);

    default void avgPool2d(Pool2dShape shape, DeviceBuffer input, DeviceBuffer output) {
        avgPool2d(shape, View.contiguous(input, shape.inputShape()), output);
    }

    /** Writes all of gradInput. */
    void avgPool2dBackward(Pool2dShape shape, DeviceBuffer gradOutput, DeviceBuffer gradInput);

    // ---------------------------------------------------------------- softmax

    /**
     * Softmax (or log-softmax) along the middle axis of the {@code [outer, len, inner]} view
     * {@code src}; {@code dst} is written contiguous.
     */
    void softmax(View src, int outer, int len, int inner, boolean log, DeviceBuffer dst);

    default void softmax(DeviceBuffer src, int outer, int len, int inner, boolean log, DeviceBuffer dst) {
        softmax(View.block(src, outer, len, inner), outer, len, inner, log, dst);
    }

    // ---------------------------------------------------------------- indexing (idx is I32)

    //   The value operand src is a rank-3 view ([outer, len, inner] for the selects, [outer, count,
    //   inner] for the adds); idx and dst are contiguous from element 0.

    /**
     * {@code dst[o, j, i] = src[o, idx[j], i]} for the view {@code src [outer, len, inner]},
     * {@code idx [count]} and {@code dst [outer, count, inner]}. Indices are checked by the caller.
     */
    void indexSelect(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst);

    default void indexSelect(DeviceBuffer src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        indexSelect(View.block(src, outer, len, inner), outer, len, inner, idx, count, dst);
    }

    /** {@code dst[o, idx[j], i] += src[o, j, i]} for the view {@code src [outer, count, inner]}, accumulating repeated indices; in place on dst. */
    void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src);

    default void indexAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer src) {
        indexAdd(dst, outer, len, inner, idx, count, View.block(src, outer, count, inner));
    }

    /** torch.gather on the middle axis: {@code dst[o, j, i] = src[o, idx[o, j, i], i]}, idx and dst [outer, count, inner]. */
    void gather(View src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst);

    default void gather(DeviceBuffer src, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer dst) {
        gather(View.block(src, outer, len, inner), outer, len, inner, idx, count, dst);
    }

    /** torch.scatter_add_ on the middle axis: {@code dst[o, idx[o, j, i], i] += src[o, j, i]}, src a view [outer, count, inner]; in place on dst. */
    void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, View src);

    default void scatterAdd(DeviceBuffer dst, int outer, int len, int inner, DeviceBuffer idx, int count, DeviceBuffer src) {
        scatterAdd(dst, outer, len, inner, idx, count, View.block(src, outer, count, inner));
    }

    // ---------------------------------------------------------------- random numbers

    /**
     * Fills {@code count} elements of dst with Philox4x32-10 numbers: element {@code i} is the
     * value for counter {@code counterOffset + i} under {@code seed} (see Philox). Identical on
     * every device.
     */
    void random(DeviceBuffer dst, int count, Distribution distribution, long seed, long counterOffset, float a, float b);

    // ---------------------------------------------------------------- fused optimizer updates (in place)

    /** One SGD step over {@code count} elements; {@code velocity} may be null when momentum is 0. */
    void sgdUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer velocity, int count, SgdParams p);

    /** One Adam/AdamW step over {@code count} elements. */
    void adamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, int count, AdamParams p);

    /** One RMSprop step; {@code momentumBuffer} may be null when momentum is 0. */
    void rmspropUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer squareAvg, DeviceBuffer momentumBuffer,
                       int count, RmspropParams p);

    // ---------------------------------------------------------------- attention

    /**
     * Fused scaled dot-product attention (see {@link AttentionShape}): for every head b and query
     * i, {@code out[b, i] = sum_j p_j v[b, j]} with {@code p = softmax_j(scale * q[b, i] . k[b, j]
     * + mask[b, i, j])}, key j hidden when {@code causal && j > i}; and {@code logSumExp[b, i] =
     * log(sum_j exp(s_j))} of those scores (natural log, [batch, tq]), which lets a backward pass
     * recompute the probabilities as {@code exp(s_j - logSumExp)} without storing them.
     * {@code mask} (may be null) is read as a rank-3 view [batch, tq, tk] (stride 0 broadcasts);
     * q, k and v are contiguous from element 0. With tk = 0 the output is 0 and the log-sum-exp
     * -infinity; a row whose every key is hidden gives NaN, as softmax over -infinity does.
     */
    void attention(AttentionShape shape, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                   DeviceBuffer out, DeviceBuffer logSumExp);

    /**
     * The backward pass of {@link #attention}, from what the forward pass saved: with the
     * probabilities recomputed as {@code p[i, j] = exp(scale * q_i . k_j + mask[i, j] - logSumExp[i])}
     * (0 for a key the causal mask hides), {@code dp[i, j] = gradOut_i . v_j},
     * {@code D_i = gradOut_i . out_i} and {@code ds[i, j] = p[i, j] (dp[i, j] - D_i)}, for every head:
     * {@code gradV = p^T gradOut}, {@code gradQ = scale ds k} and {@code gradK = scale ds^T q}.
     * Shapes, the mask view and contiguity as in {@link #attention}; gradOut is [batch, tq, dv] and
     * the gradients have the shapes of q, k and v. Each of gradQ, gradK and gradV may be null (not
     * wanted); what is given is written, not accumulated into (a key no query sees gets 0). The
     * mask's own gradient (ds summed to the mask's shape) is not computed here.
     */
    void attentionBackward(AttentionShape shape, DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, View mask,
                           DeviceBuffer out, DeviceBuffer logSumExp, DeviceBuffer gradOut,
                           DeviceBuffer gradQ, DeviceBuffer gradK, DeviceBuffer gradV);

    // ---------------------------------------------------------------- layer normalisation

    /**
     * Layer normalisation of each of {@code rows} contiguous rows of {@code cols} values:
     * {@code y = (x - mean) * rstd * gamma + beta} with {@code rstd = 1 / sqrt(var + eps)} and the
     * biased variance (divided by cols), as torch.nn.functional.layer_norm. Writes each row's mean
     * and rstd ([rows]) for the backward pass. {@code gamma} and {@code beta} ([cols]) may be null
     * (1 and 0). x, y, mean and rstd are contiguous from element 0; cols is at least 1.
     */
    void layerNorm(int rows, int cols, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta,
                   DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd);

    /**
     * The backward pass of {@link #layerNorm}, from the saved mean and rstd: with
     * {@code xhat = (x - mean) * rstd} and {@code dxhat = gradOut * gamma} (gamma null: 1),
     * {@code gradIn = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))} along each row;
     * {@code gradGamma[j] = sum over rows of gradOut * xhat} and {@code gradBeta[j] = sum over rows
     * of gradOut}. Each of gradIn, gradGamma and gradBeta may be null (not wanted); what is given is
     * written, not accumulated into.
     */
    void layerNormBackward(int rows, int cols, DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gamma,
                           DeviceBuffer mean, DeviceBuffer rstd,
                           DeviceBuffer gradIn, DeviceBuffer gradGamma, DeviceBuffer gradBeta);
}
