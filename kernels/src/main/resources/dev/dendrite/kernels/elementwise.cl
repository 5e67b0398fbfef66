/*
 * elementwise.cl: fill, strided copy, unary and binary ops, where.
 *
 * What they compute
 *   Every kernel here maps one output element to one work-item: out[e] = f(in0[..], in1[..]).
 *   Inputs may be strided views (a transpose, a slice, a broadcast): the host describes them in a
 *   Strided struct (shape + per-operand strides, rank <= 8), and a broadcast dimension simply has
 *   stride 0, so broadcasting costs nothing but an index computation.
 *
 * Launch geometry (LaunchGeometry.linear)
 *   1-D, global = n rounded up to a multiple of 256, local = 256; every kernel guards e < n.
 *
 * The idea that makes them fast
 *   These kernels do almost no arithmetic per byte moved, so they are bound by memory bandwidth.
 *   Neighbouring work-items touch neighbouring addresses (coalesced on a GPU, vectorised by PoCL
 *   on a CPU). The host first merges dimensions that every operand walks as one (a contiguous
 *   tensor becomes rank 1) and uses the *_contig kernels when nothing is strided, so the common
 *   case does no index arithmetic at all. The op is chosen by an int code in a switch; the code is
 *   the same for the whole launch, so every work-item takes the same branch.
 *
 * CUDA: helper functions are marked INLINE_FUNC, which the CUDA prelude turns into a __device__
 * function; everything else is the subset OpenCL C and CUDA share.
 */
#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

#define MAX_RANK 8

/* Packed by dev.dendrite.kernels.StridedArgs, int by int, in this order (36 ints). */
typedef struct {
    int rank;                     /* dimensions in use, 1..MAX_RANK */
    int shape[MAX_RANK];          /* logical shape, outermost first */
    int offset[3];                /* first element of operand k */
    int stride[3][MAX_RANK];      /* stride[k][d]: elements to step in operand k along dim d */
} Strided;

/* Where element e (row-major over s.shape) lives in operand k: peel coordinates off from the
 * innermost dimension outwards, as you would the digits of a number. */
INLINE_FUNC int strided_index(Strided s, int k, int e) {
    int index = s.offset[k];
    for (int d = s.rank - 1; d >= 0; d--) {
        int coord = e % s.shape[d];
        e /= s.shape[d];
        index += coord * s.stride[k][d];
    }
    return index;
}

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

/* Same dtype on both sides: move the 32-bit pattern as an int, so no float is ever reinterpreted. */
__kernel void copy_bits(int n, Strided s, __global const int* src, __global int* dst) {
    int e = get_global_id(0);
    if (e < n) dst[strided_index(s, 1, e)] = src[strided_index(s, 0, e)];
}

__kernel void copy_i32_to_f32(int n, Strided s, __global const int* src, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) dst[strided_index(s, 1, e)] = (float) src[strided_index(s, 0, e)];
}

/* Float to int as Java's (int) cast: toward zero, NaN gives 0, out-of-range values saturate. */
__kernel void copy_f32_to_i32(int n, Strided s, __global const float* src, __global int* dst) {
    int e = get_global_id(0);
    if (e < n) {
        float x = src[strided_index(s, 0, e)];
        int v;
        if (x != x) v = 0;
        else if (x >= 2147483647.0f) v = 2147483647;
        else if (x <= -2147483648.0f) v = (-2147483647 - 1);
        else v = (int) x;
        dst[strided_index(s, 1, e)] = v;
    }
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

INLINE_FUNC float unary_op(int op, float x, float alpha) {
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
        default:                return x;
    }
}

/* src is contiguous from srcOffset; dst is contiguous from 0. */
__kernel void unary_contig(int op, float alpha, int n,
                           __global const float* src, int srcOffset, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) dst[e] = unary_op(op, src[srcOffset + e], alpha);
}

/* src is operand 0 of s; dst is contiguous. */
__kernel void unary_strided(int op, float alpha, int n, Strided s,
                            __global const float* src, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) dst[e] = unary_op(op, src[strided_index(s, 0, e)], alpha);
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

INLINE_FUNC float binary_op(int op, float a, float b) {
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

/* a is operand 0 of s, b operand 1; dst contiguous. */
__kernel void binary_strided(int op, int n, Strided s,
                             __global const float* a, __global const float* b, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) dst[e] = binary_op(op, a[strided_index(s, 0, e)], b[strided_index(s, 1, e)]);
}

/* ---------------------------------------------------------------- where: y = cond != 0 ? a : b */

/* cond, a, b are operands 0, 1, 2 of s; dst contiguous. */
__kernel void where_strided(int n, Strided s, __global const float* cond,
                            __global const float* a, __global const float* b, __global float* dst) {
    int e = get_global_id(0);
    if (e < n) {
        dst[e] = cond[strided_index(s, 0, e)] != 0.0f ? a[strided_index(s, 1, e)] : b[strided_index(s, 2, e)];
    }
}
