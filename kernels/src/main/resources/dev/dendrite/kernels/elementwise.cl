/*
 * elementwise.cl: fill, strided copy, unary and binary ops, where.
 *
 * Run: ./dendrite kernel elementwise                        (every variant, every device)
 *      ./dendrite kernel elementwise --variant binary-vector (one rung)
 *
 * The ladder (unary and binary; ElementwiseKernel names the rungs; the runner's variants
 * unary-RUNG and binary-RUNG run each on the same dense data, 4 Mi floats):
 *   1 strided  *_strided: any view. The host hands a shape and strides; each work-item turns its
 *              row into an offset per operand. Why it is the slowest: a 2-D launch and the offset
 *              arithmetic for every element, and on PoCL the loop over the row's dimensions (a
 *              loop even when it runs no iteration) keeps the work-items from being vectorised:
 *              LLVM vectorises only innermost loops (y = 2x on 4 Mi floats, PoCL, 2 shared
 *              cores: 2-6 GB/s, rung 2 5-11, rung 3 9-28; kernels/README.md has the runs).
 *   2 contig   *_contig: every operand dense. Why faster: no index arithmetic at all, element e
 *              reads e, so neighbouring work-items touch neighbouring addresses (coalesced on a
 *              GPU; PoCL turns the work-group into one vectorised loop).
 *   3 vector   *_vec4: every operand dense, four elements per work-item with vload4/vstore4.
 *              Why faster: one 16-byte load or store instead of four 4-byte ones (fewer memory
 *              transactions on a GPU), a quarter of the work-items, so a quarter of the per-item
 *              overhead (id, bounds test). The op must be inlined into each lane: unary_op and
 *              binary_op are ALWAYS_INLINE, because with INLINE_FUNC PoCL's LLVM kept the seven
 *              calls of the vector kernel as calls ("too costly to inline") and the rung ran 5-10x
 *              slower than rung 2 (POCL_VECTORIZER_REMARKS=1 shows it).
 *   The device's rule (ops.ElementwiseOps): a strided operand takes rung 1; all operands dense
 *   take rung 3 from 4 * 256 elements on, rung 2 below (too few quads to fill a work-group).
 *   Strided views through the device's choice: --variant unary-transposed, binary-broadcast.
 *
 * What they compute
 *   out[e] = f(in0[..], in1[..]) for every element e of the op's shape. Inputs may be strided
 *   views (a transpose, a slice, a broadcast): the host describes them in a Strided struct (shape
 *   + per-operand strides, rank <= 8), and a broadcast dimension simply has stride 0, so
 *   broadcasting costs nothing but an index computation.
 *
 * Launch geometry
 *   *_contig and fill (LaunchGeometry.linear): 1-D, one work-item per element, local 256, global
 *     = n rounded up to 256; every kernel guards e < n.
 *   *_vec4 (LaunchGeometry.linear of ceil(n / 4)): 1-D, one work-item per quad of elements
 *     4q .. 4q + 3; the last work-item finishes a partial quad one element at a time.
 *   *_strided and copy_* (LaunchGeometry.rows): 2-D. The shape is seen as [rows, cols] with cols
 *     its innermost dimension; dimension 0 of the launch runs over cols, dimension 1 over rows
 *     (from rowBase: CUDA's grid holds at most 65535 groups along y, so the host launches again
 *     for the rows beyond).
 *
 * The idea that makes them fast
 *   These kernels do almost no arithmetic per byte moved, so they are bound by memory bandwidth,
 *   and neighbouring work-items must touch neighbouring addresses (coalesced on a GPU, vectorised
 *   by PoCL on a CPU). The host first merges dimensions that every operand walks as one (a
 *   contiguous tensor becomes rank 1) and uses the *_contig kernels when nothing is strided, so
 *   the common case does no index arithmetic at all. For strided operands the costly part is
 *   turning a flat index into coordinates (integer division, slow everywhere): with the 2-D
 *   geometry the column comes straight from get_global_id(0) and, for a rank-2 view (a matrix
 *   plus a broadcast row, a transpose), the row from get_global_id(1), so no division is left;
 *   each further dimension costs one. The op is chosen by an int code in a switch; the code is
 *   the same for the whole launch, so every work-item takes the same branch.
 *
 * CUDA: helper functions are marked INLINE_FUNC, which the CUDA prelude turns into a __device__
 * function; everything else is the subset OpenCL C and CUDA share.
 */
#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif
#ifndef ALWAYS_INLINE
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#endif

#define MAX_RANK 8

/* Packed by dev.dendrite.kernels.StridedArgs, int by int, in this order (36 ints). The dimensions
 * are right-aligned: the innermost is always slot MAX_RANK - 1, and the slots in front of the
 * first real dimension hold size 1 and stride 0. */
typedef struct {
    int rank;                     /* dimensions in use, 1..MAX_RANK (for reading; kernels need not) */
    int shape[MAX_RANK];          /* logical shape, outermost first, padded in front with 1s */
    int offset[3];                /* first element of operand k */
    int stride[3][MAX_RANK];      /* stride[k][d]: elements to step in operand k along dim d */
} Strided;

/* Every strided kernel below finds where its row starts in each operand with the same loop:
 * the coordinates of the row (every dimension but the innermost) are peeled off from the inside
 * out, as you would the digits of a number, and the outermost coordinate is simply what is left,
 * so a rank-2 view needs no division at all:
 *
 *     first = MAX_RANK - s.rank                    (slot of the outermost real dimension)
 *     for d = MAX_RANK - 2 down to first + 1:      coord = row % shape[d]; row /= shape[d]; ...
 *     then                                         index += row * stride[first]
 *
 * It is written out in each kernel, for all of its operands in one loop, rather than as a helper
 * called once per operand: on PoCL the single loop is 3-4 times faster, because the divisions are
 * shared and the rest of the kernel still vectorises across work-items. */

/* Java's semantics for Math.max/min: a NaN in either argument gives NaN (fmax would drop it). */
INLINE_FUNC float max_nan(float a, float b) { return (a > b || a != a) ? a : b; }
INLINE_FUNC float min_nan(float a, float b) { return (a < b || a != a) ? a : b; }

/* Phi(x), the standard normal CDF; erfc keeps accuracy for very negative x. */
INLINE_FUNC float normal_cdf(float x) { return 0.5f * erfc(-x * 0.70710678118654752f); }

/* ---------------------------------------------------------------- fill */

__kernel void fill_f32(int n, __global float* dst, int offset, float value) {
    int e = get_global_id(0);
    if (e < n) dst[offset + e] = value;
}

__kernel void fill_i32(int n, __global int* dst, int offset, int value) {
    int e = get_global_id(0);
    if (e < n) dst[offset + e] = value;
}

/* ---------------------------------------------------------------- copy (operand 0 = src, 1 = dst) */

/* Every 2-D strided kernel: this work-item owns column get_global_id(0) of row
 * rowBase + get_global_id(1); the host launches again with a larger rowBase when there are more
 * rows than one launch can hold (CUDA's limit of 65535 groups along y). */

/* Same dtype on both sides: move the 32-bit pattern as an int, so no float is ever reinterpreted. */
__kernel void copy_bits(int rows, int cols, int rowBase, Strided s, __global const int* src, __global int* dst) {
    int col = get_global_id(0), row = rowBase + get_global_id(1);
    if (col >= cols || row >= rows) return;
    int first = MAX_RANK - s.rank, r = row, i0 = s.offset[0], i1 = s.offset[1];
    for (int d = MAX_RANK - 2; d > first; d--) {
        int coord = r % s.shape[d];
        r /= s.shape[d];
        i0 += coord * s.stride[0][d]; i1 += coord * s.stride[1][d];
    }
    if (first < MAX_RANK - 1) { i0 += r * s.stride[0][first]; i1 += r * s.stride[1][first]; }
    i0 += col * s.stride[0][MAX_RANK - 1]; i1 += col * s.stride[1][MAX_RANK - 1];
    dst[i1] = src[i0];
}

__kernel void copy_i32_to_f32(int rows, int cols, int rowBase, Strided s, __global const int* src, __global float* dst) {
    int col = get_global_id(0), row = rowBase + get_global_id(1);
    if (col >= cols || row >= rows) return;
    int first = MAX_RANK - s.rank, r = row, i0 = s.offset[0], i1 = s.offset[1];
    for (int d = MAX_RANK - 2; d > first; d--) {
        int coord = r % s.shape[d];
        r /= s.shape[d];
        i0 += coord * s.stride[0][d]; i1 += coord * s.stride[1][d];
    }
    if (first < MAX_RANK - 1) { i0 += r * s.stride[0][first]; i1 += r * s.stride[1][first]; }
    i0 += col * s.stride[0][MAX_RANK - 1]; i1 += col * s.stride[1][MAX_RANK - 1];
    dst[i1] = (float) src[i0];
}

/* Float to int as Java's (int) cast: toward zero, NaN gives 0, out-of-range values saturate. */
__kernel void copy_f32_to_i32(int rows, int cols, int rowBase, Strided s, __global const float* src, __global int* dst) {
    int col = get_global_id(0), row = rowBase + get_global_id(1);
    if (col >= cols || row >= rows) return;
    int first = MAX_RANK - s.rank, r = row, i0 = s.offset[0], i1 = s.offset[1];
    for (int d = MAX_RANK - 2; d > first; d--) {
        int coord = r % s.shape[d];
        r /= s.shape[d];
        i0 += coord * s.stride[0][d]; i1 += coord * s.stride[1][d];
    }
    if (first < MAX_RANK - 1) { i0 += r * s.stride[0][first]; i1 += r * s.stride[1][first]; }
    i0 += col * s.stride[0][MAX_RANK - 1]; i1 += col * s.stride[1][MAX_RANK - 1];
    float x = src[i0];
    int v;
    if (x != x) v = 0;
    else if (x >= 2147483647.0f) v = 2147483647;
    else if (x <= -2147483648.0f) v = (-2147483647 - 1);
    else v = (int) x;
    dst[i1] = v;
}

/* ---------------------------------------------------------------- unary: y = f(x, alpha) */

/* Codes match dev.dendrite.kernels.OpCodes (a test checks every #define against it). */
#define UNARY_NEG          0
#define UNARY_EXP          1
#define UNARY_LOG          2
#define UNARY_SQRT         3
#define UNARY_RSQRT        4
#define UNARY_ABS          5
#define UNARY_SIGN         6
#define UNARY_SQUARE       7
#define UNARY_RECIPROCAL   8
#define UNARY_RELU         9
#define UNARY_SIGMOID     10
#define UNARY_TANH        11
#define UNARY_GELU        12
#define UNARY_LEAKY_RELU  13
#define UNARY_ADD_SCALAR  14
#define UNARY_MUL_SCALAR  15
#define UNARY_RSUB_SCALAR 16
#define UNARY_RDIV_SCALAR 17
#define UNARY_POW_SCALAR  18
#define UNARY_MAX_SCALAR  19
#define UNARY_MIN_SCALAR  20
#define UNARY_EQ_SCALAR   21
#define UNARY_NE_SCALAR   22
#define UNARY_LT_SCALAR   23
#define UNARY_LE_SCALAR   24
#define UNARY_GT_SCALAR   25
#define UNARY_GE_SCALAR   26
#define UNARY_GELU_TANH   27

/* GELU's tanh approximation, 0.5 x (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3). */
#define GELU_TANH_K 0.7978845608028654f
#define GELU_TANH_C 0.044715f

INLINE_FUNC float gelu_tanh(float x) {
    return 0.5f * x * (1.0f + tanh(GELU_TANH_K * (x + GELU_TANH_C * x * x * x)));
}

/* d/dx: 0.5 (1 + t) + 0.5 x (1 - t^2) du/dx, with t = tanh(u) and du/dx = k (1 + 3c x^2). */
INLINE_FUNC float gelu_tanh_derivative(float x) {
    float t = tanh(GELU_TANH_K * (x + GELU_TANH_C * x * x * x));
    return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * GELU_TANH_K * (1.0f + 3.0f * GELU_TANH_C * x * x);
}

ALWAYS_INLINE float unary_op(int op, float x, float alpha) {
    switch (op) {
        case UNARY_NEG:         return -x;
        case UNARY_EXP:         return exp(x);
        case UNARY_LOG:         return log(x);
        case UNARY_SQRT:        return sqrt(x);
        case UNARY_RSQRT:       return rsqrt(x);
        case UNARY_ABS:         return fabs(x);
        case UNARY_SIGN:        return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);  /* keeps 0 and NaN */
        case UNARY_SQUARE:      return x * x;
        case UNARY_RECIPROCAL:  return 1.0f / x;
        case UNARY_RELU:        return x < 0.0f ? 0.0f : x;                       /* NaN passes through */
        case UNARY_SIGMOID:     return 1.0f / (1.0f + exp(-x));
        case UNARY_TANH:        return tanh(x);
        case UNARY_GELU:        return x * normal_cdf(x);
        case UNARY_LEAKY_RELU:  return x > 0.0f ? x : alpha * x;
        case UNARY_ADD_SCALAR:  return x + alpha;
        case UNARY_MUL_SCALAR:  return x * alpha;
        case UNARY_RSUB_SCALAR: return alpha - x;
        case UNARY_RDIV_SCALAR: return alpha / x;
        case UNARY_POW_SCALAR:  return pow(x, alpha);
        case UNARY_MAX_SCALAR:  return max_nan(x, alpha);
        case UNARY_MIN_SCALAR:  return min_nan(x, alpha);
        case UNARY_EQ_SCALAR:   return x == alpha ? 1.0f : 0.0f;
        case UNARY_NE_SCALAR:   return x != alpha ? 1.0f : 0.0f;
        case UNARY_LT_SCALAR:   return x <  alpha ? 1.0f : 0.0f;
        case UNARY_LE_SCALAR:   return x <= alpha ? 1.0f : 0.0f;
        case UNARY_GT_SCALAR:   return x >  alpha ? 1.0f : 0.0f;
        case UNARY_GE_SCALAR:   return x >= alpha ? 1.0f : 0.0f;
        case UNARY_GELU_TANH:   return gelu_tanh(x);
        default:                return x;
    }
}

/* src is contiguous from srcOffset; dst is contiguous from 0. */
__kernel void unary_contig(int op, float alpha, int n,
                           __global const float* src, int srcOffset, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) dst[e] = unary_op(op, src[srcOffset + e], alpha);
}

/* Rung 3: four elements per work-item. vload4(q, p) reads p[4q .. 4q + 3] and needs only float
 * alignment (OpenCL; the CUDA prelude reads four floats), so any srcOffset works. The op is
 * applied lane by lane (.x .y .z .w): the switch is the same for every lane and every work-item. */
__kernel void unary_vec4(int op, float alpha, int n,
                         __global const float* src, int srcOffset, __global float* dst) {
    int q = get_global_id(0);
    int e = 4 * q;
    if (e + 4 <= n) {
        float4 x = vload4(q, src + srcOffset);
        float4 y;
        y.x = unary_op(op, x.x, alpha);
        y.y = unary_op(op, x.y, alpha);
        y.z = unary_op(op, x.z, alpha);
        y.w = unary_op(op, x.w, alpha);
        vstore4(y, q, dst);
    } else {
        if (e < n)     dst[e]     = unary_op(op, src[srcOffset + e],     alpha);
        if (e + 1 < n) dst[e + 1] = unary_op(op, src[srcOffset + e + 1], alpha);
        if (e + 2 < n) dst[e + 2] = unary_op(op, src[srcOffset + e + 2], alpha);
    }
}

/* src is operand 0 of s; dst is contiguous. */
__kernel void unary_strided(int op, float alpha, int rows, int cols, int rowBase, Strided s,
                            __global const float* src, __global float* dst) {
    int col = get_global_id(0), row = rowBase + get_global_id(1);
    if (col >= cols || row >= rows) return;
    int first = MAX_RANK - s.rank, r = row, i0 = s.offset[0];
    for (int d = MAX_RANK - 2; d > first; d--) {
        int coord = r % s.shape[d];
        r /= s.shape[d];
        i0 += coord * s.stride[0][d];
    }
    if (first < MAX_RANK - 1) { i0 += r * s.stride[0][first]; }
    i0 += col * s.stride[0][MAX_RANK - 1];
    dst[row * cols + col] = unary_op(op, src[i0], alpha);
}

/* ---------------------------------------------------------------- binary: y = f(a, b) */

#define BINARY_ADD               0
#define BINARY_SUB               1
#define BINARY_MUL               2
#define BINARY_DIV               3
#define BINARY_POW               4
#define BINARY_MAX               5
#define BINARY_MIN               6
#define BINARY_EQ                7
#define BINARY_NE                8
#define BINARY_LT                9
#define BINARY_LE               10
#define BINARY_GT               11
#define BINARY_GE               12
#define BINARY_RELU_BACKWARD    13
#define BINARY_SIGMOID_BACKWARD 14
#define BINARY_TANH_BACKWARD    15
#define BINARY_GELU_BACKWARD    16
#define BINARY_GELU_TANH_BACKWARD 17

ALWAYS_INLINE float binary_op(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD:              return a + b;
        case BINARY_SUB:              return a - b;
        case BINARY_MUL:              return a * b;
        case BINARY_DIV:              return a / b;
        case BINARY_POW:              return pow(a, b);
        case BINARY_MAX:              return max_nan(a, b);
        case BINARY_MIN:              return min_nan(a, b);
        case BINARY_EQ:               return a == b ? 1.0f : 0.0f;
        case BINARY_NE:               return a != b ? 1.0f : 0.0f;
        case BINARY_LT:               return a <  b ? 1.0f : 0.0f;
        case BINARY_LE:               return a <= b ? 1.0f : 0.0f;
        case BINARY_GT:               return a >  b ? 1.0f : 0.0f;
        case BINARY_GE:               return a >= b ? 1.0f : 0.0f;
        /* a is the forward value, b the gradient of the output */
        case BINARY_RELU_BACKWARD:    return a > 0.0f ? b : 0.0f;
        case BINARY_SIGMOID_BACKWARD: return b * a * (1.0f - a);
        case BINARY_TANH_BACKWARD:    return b * (1.0f - a * a);
        case BINARY_GELU_BACKWARD:    /* d/dx x*Phi(x) = Phi(x) + x * pdf(x) */
            return b * (normal_cdf(a) + a * 0.39894228040143268f * exp(-0.5f * a * a));
        case BINARY_GELU_TANH_BACKWARD: return b * gelu_tanh_derivative(a);
        default:                      return a;
    }
}

/* a and b contiguous from their offsets; dst contiguous. */
__kernel void binary_contig(int op, int n,
                            __global const float* a, int aOffset,
                            __global const float* b, int bOffset, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) dst[e] = binary_op(op, a[aOffset + e], b[bOffset + e]);
}

/* Rung 3 for binary ops: as unary_vec4, with two inputs. */
__kernel void binary_vec4(int op, int n,
                          __global const float* a, int aOffset,
                          __global const float* b, int bOffset, __global float* dst) {
    int q = get_global_id(0);
    int e = 4 * q;
    if (e + 4 <= n) {
        float4 x = vload4(q, a + aOffset);
        float4 y = vload4(q, b + bOffset);
        float4 z;
        z.x = binary_op(op, x.x, y.x);
        z.y = binary_op(op, x.y, y.y);
        z.z = binary_op(op, x.z, y.z);
        z.w = binary_op(op, x.w, y.w);
        vstore4(z, q, dst);
    } else {
        if (e < n)     dst[e]     = binary_op(op, a[aOffset + e],     b[bOffset + e]);
        if (e + 1 < n) dst[e + 1] = binary_op(op, a[aOffset + e + 1], b[bOffset + e + 1]);
        if (e + 2 < n) dst[e + 2] = binary_op(op, a[aOffset + e + 2], b[bOffset + e + 2]);
    }
}

/* a is operand 0 of s, b operand 1; dst contiguous. */
__kernel void binary_strided(int op, int rows, int cols, int rowBase, Strided s,
                             __global const float* a, __global const float* b, __global float* dst) {
    int col = get_global_id(0), row = rowBase + get_global_id(1);
    if (col >= cols || row >= rows) return;
    int first = MAX_RANK - s.rank, r = row, i0 = s.offset[0], i1 = s.offset[1];
    for (int d = MAX_RANK - 2; d > first; d--) {
        int coord = r % s.shape[d];
        r /= s.shape[d];
        i0 += coord * s.stride[0][d]; i1 += coord * s.stride[1][d];
    }
    if (first < MAX_RANK - 1) { i0 += r * s.stride[0][first]; i1 += r * s.stride[1][first]; }
    i0 += col * s.stride[0][MAX_RANK - 1]; i1 += col * s.stride[1][MAX_RANK - 1];
    dst[row * cols + col] = binary_op(op, a[i0], b[i1]);
}

/* ---------------------------------------------------------------- where: y = cond != 0 ? a : b */

/* cond, a, b are operands 0, 1, 2 of s; dst contiguous. */
__kernel void where_strided(int rows, int cols, int rowBase, Strided s, __global const float* cond,
                            __global const float* a, __global const float* b, __global float* dst) {
    int col = get_global_id(0), row = rowBase + get_global_id(1);
    if (col >= cols || row >= rows) return;
    int first = MAX_RANK - s.rank, r = row, i0 = s.offset[0], i1 = s.offset[1], i2 = s.offset[2];
    for (int d = MAX_RANK - 2; d > first; d--) {
        int coord = r % s.shape[d];
        r /= s.shape[d];
        i0 += coord * s.stride[0][d]; i1 += coord * s.stride[1][d]; i2 += coord * s.stride[2][d];
    }
    if (first < MAX_RANK - 1) { i0 += r * s.stride[0][first]; i1 += r * s.stride[1][first]; i2 += r * s.stride[2][first]; }
    i0 += col * s.stride[0][MAX_RANK - 1]; i1 += col * s.stride[1][MAX_RANK - 1]; i2 += col * s.stride[2][MAX_RANK - 1];
    dst[row * cols + col] = cond[i0] != 0.0f ? a[i1] : b[i2];
}
