/*
 * layernorm.cl: layer normalisation over the last axis of a contiguous [rows, cols] block,
 *   y = (x - mean) * rstd * gamma + beta,   rstd = 1 / sqrt(var + eps)   (biased variance),
 * with each row's mean and rstd saved for the backward pass, and that backward pass:
 *   dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)),  xhat = (x - mean) * rstd,
 *   dxhat = dy * gamma;   dgamma = sum over rows of dy * xhat;   dbeta = sum over rows of dy.
 * gamma and beta are optional (hasGamma, hasBeta: the pointer is then any buffer, never read).
 *
 * Composed from tensor ops, a LayerNorm is a dozen passes over the activations forward (mean,
 * subtract, square, mean, add, rsqrt, multiply, multiply, add) and two dozen backward, each a
 * kernel launch that reads and writes the whole tensor. Fused, the forward pass reads x twice
 * and writes y once, and the input gradient reads x and dy twice and writes dx once; a row is
 * small (a transformer's width: 128 to 4096 floats), so the second read hits the cache.
 *
 *   layernorm_forward, layernorm_backward_input: one work-group of LN_GROUP work-items per row.
 *       Each work-item sums every LN_GROUP-th value of the row (neighbours read neighbours: the
 *       reads are coalesced), then the group adds its LN_GROUP partial sums by a halving tree in
 *       local memory. The forward pass needs two such sums one after the other (the mean, then the
 *       squares of the values minus it: two passes, which stay accurate where sum(x^2) - mean^2
 *       would cancel); the backward pass needs two at once (dxhat and dxhat * xhat), which share
 *       one tree of pairs. Then every work-item writes its values of the row.
 *       Geometry: global = (rows * LN_GROUP), local = (LN_GROUP).
 *   layernorm_backward_params: one work-item per column j walks down the rows, summing dy * xhat
 *       and dy; consecutive work-items read consecutive columns of a row, so the reads are
 *       coalesced. (cols work-items is little parallelism for a GPU when cols is small; a
 *       two-pass split over rows, as reduce.cl's plan, is the next rung.)
 *       Geometry: global = cols rounded up to 256, local = (256).
 *
 * Run: ./dendrite kernel layernorm --variant forward (and --variant backward).
 */
#define LN_GROUP 64

/* total = the sum over the group of each work-item's value, by a halving tree in sums[] (a macro,
 * not a helper: a __local pointer cannot be a parameter for CUDA, see the kernel-writing rules).
 * The last barrier makes sure everyone has read sums[0] before the array is reused. */
#define LN_GROUP_SUM(sums, t, value, total) do { \
        sums[t] = (value); \
        barrier(CLK_LOCAL_MEM_FENCE); \
        for (int width_ = LN_GROUP / 2; width_ > 0; width_ >>= 1) { \
            if ((t) < width_) sums[t] += sums[(t) + width_]; \
            barrier(CLK_LOCAL_MEM_FENCE); \
        } \
        total = sums[0]; \
        barrier(CLK_LOCAL_MEM_FENCE); \
    } while (0)

__kernel void layernorm_forward(int cols, float eps, __global const float* x, int hasGamma, __global const float* gamma,
                                int hasBeta, __global const float* beta, __global float* y,
                                __global float* mean, __global float* rstd) {
    __local float sums[LN_GROUP];
    int r = get_group_id(0);
    int t = get_local_id(0);
    __global const float* row = x + (long) r * cols;
    __global float* out = y + (long) r * cols;

    float s = 0.0f;
    for (int j = t; j < cols; j += LN_GROUP) s += row[j];
    float total;
    LN_GROUP_SUM(sums, t, s, total);
    float mu = total / cols;

    float q = 0.0f;
    for (int j = t; j < cols; j += LN_GROUP) {
        float e = row[j] - mu;
        q += e * e;
    }
    LN_GROUP_SUM(sums, t, q, total);
    float inv = rsqrt(total / cols + eps);

    for (int j = t; j < cols; j += LN_GROUP) {
        float v = (row[j] - mu) * inv;
        if (hasGamma) v *= gamma[j];
        if (hasBeta) v += beta[j];
        out[j] = v;
    }
    if (t == 0) {
        mean[r] = mu;
        rstd[r] = inv;
    }
}

__kernel void layernorm_backward_input(int cols, __global const float* x, __global const float* dy, int hasGamma,
                                       __global const float* gamma, __global const float* mean,
                                       __global const float* rstd, __global float* dx) {
    __local float sumsD[LN_GROUP];
    __local float sumsDX[LN_GROUP];
    int r = get_group_id(0);
    int t = get_local_id(0);
    __global const float* row = x + (long) r * cols;
    __global const float* g = dy + (long) r * cols;
    __global float* out = dx + (long) r * cols;
    float mu = mean[r], inv = rstd[r];

    float sd = 0.0f, sdx = 0.0f;
    for (int j = t; j < cols; j += LN_GROUP) {
        float d = hasGamma ? g[j] * gamma[j] : g[j];
        sd += d;
        sdx += d * ((row[j] - mu) * inv);
    }
    /* the two sums share one tree: each step adds pairs in both arrays */
    sumsD[t] = sd;
    sumsDX[t] = sdx;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int width = LN_GROUP / 2; width > 0; width >>= 1) {
        if (t < width) {
            sumsD[t] += sumsD[t + width];
            sumsDX[t] += sumsDX[t + width];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    float meanD = sumsD[0] / cols, meanDX = sumsDX[0] / cols;

    for (int j = t; j < cols; j += LN_GROUP) {
        float d = hasGamma ? g[j] * gamma[j] : g[j];
        out[j] = inv * (d - meanD - (row[j] - mu) * inv * meanDX);
    }
}

__kernel void layernorm_backward_params(int rows, int cols, __global const float* x, __global const float* dy,
                                        __global const float* mean, __global const float* rstd,
                                        int wantGamma, __global float* dgamma, int wantBeta, __global float* dbeta) {
    int j = get_global_id(0);
    if (j >= cols) return;
    float sg = 0.0f, sgx = 0.0f;
    for (int r = 0; r < rows; r++) {
        float g = dy[(long) r * cols + j];
        sg += g;
        sgx += g * ((x[(long) r * cols + j] - mean[r]) * rstd[r]);
    }
    if (wantGamma) dgamma[j] = sgx;
    if (wantBeta) dbeta[j] = sg;
}
