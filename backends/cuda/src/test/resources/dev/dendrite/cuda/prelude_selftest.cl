/*
 * prelude_selftest.cl -- not a Dendrite op: an OpenCL C file that uses every word
 * cuda_prelude.h maps, so the nvcc test checks the whole prelude even before a real kernel
 * uses a given word. It follows the kernels' rules (fixed-size __local arrays declared in the
 * kernel, INLINE_FUNC helpers, f-suffixed literals).
 *
 * Launch geometry: 1-D, 64 work-items per work-group (reqd_work_group_size), one value each.
 */

#ifndef INLINE_FUNC
#define INLINE_FUNC static inline
#endif

INLINE_FUNC float selftest_activation(float x) {
    return clamp(mad(x, 0.5f, 0.25f), -1.0f, 1.0f) + mix(0.0f, x, 0.5f) + step(0.0f, x) + sign(x)
         + select(1.0f, 2.0f, x > 0.0f);
}

/* A float atomic add written the OpenCL 1.2 way: compare-and-swap on the bits. */
INLINE_FUNC void selftest_atomic_add_float(volatile __global float* p, float v) {
    int old = as_int(*p);
    int assumed;
    do {
        assumed = old;
        old = atomic_cmpxchg((volatile __global int*) p, assumed, as_int(as_float(assumed) + v));
    } while (old != assumed);
}

__kernel __attribute__((reqd_work_group_size(64, 1, 1)))
void prelude_selftest(__global const float* restrict x, __constant float* scale,
                      __global float* restrict y, __global int* counters,
                      __global uint* bits, __global float* sum, int n) {
    __local float tile[64];
    const int lid = get_local_id(0);
    const int gid = get_global_id(0);
    const int group = get_group_id(0);
    tile[lid] = gid < n ? x[gid] * scale[0] : 0.0f;
    barrier(CLK_LOCAL_MEM_FENCE);
    /* Tree reduction in local memory: the classic use of a barrier. */
    for (int stride = get_local_size(0) / 2; stride > 0; stride /= 2) {
        if (lid < stride) tile[lid] += tile[lid + stride];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) selftest_atomic_add_float(sum, tile[0]);
    if (gid >= n) return;

    float v = x[gid];
    float r = selftest_activation(v)
            + exp(v) + log(fabs(v) + 1.0f) + sqrt(fabs(v)) + rsqrt(fabs(v) + 1.0f)
            + fmax(v, 0.0f) + fmin(v, 0.0f) + fma(v, v, 1.0f) + pow(fabs(v), 1.5f)
            + tanh(v) + erf(v * M_SQRT1_2_F) + floor(v) + ceil(v) + max(v, 0.0f) + min(v, 1.0f)
            + native_exp(v) + native_log(fabs(v) + 1.0f) + native_sqrt(fabs(v)) + native_rsqrt(fabs(v) + 1.0f)
            + native_recip(fabs(v) + 1.0f) + native_divide(v, 3.0f) + native_powr(fabs(v) + 1.0f, 0.5f)
            + native_sin(v) + native_cos(v) + half_exp(v) + M_PI_F * M_LN2_F;
    if (isnan(r) || isinf(r)) r = FLT_MAX;
    if (v == INFINITY || v == -INFINITY) r = NAN;
    y[gid] = r;

    /* Integer words, as Philox and argmax use them. */
    uint a = (uint) gid * 0xD2511F53u;
    uint hi = mul_hi(a, 0xCD9E8D57u);
    ulong wide = (ulong) a * 0xCD9E8D57u;
    bits[gid] = hi ^ (uint) (wide >> 32) ^ rotate(a, 7u) ^ popcount(a) ^ as_uint(v) ^ convert_uint(clamp(gid, 0, INT_MAX));
    atomic_add(&counters[0], 1);
    atomic_max(&counters[1], convert_int(v));
    atomic_min(&counters[2], convert_int_rte(v));
    atomic_inc(&counters[3]);
    if (group == 0 && get_num_groups(0) * get_local_size(0) == get_global_size(0)) atomic_xchg(&counters[4], lid);

    /* float4: vload4 / vstore4 and arithmetic, on the first n/4 quads. */
    if (gid < n / 4) {
        float4 q = vload4(gid, x);
        q = q * 2.0f + q * q;
        q += q;
        vstore4(q, gid, y);
        if (dot(q, q) < 0.0f) y[gid] = 0.0f;
    }

    /* float8 and float16: vload/vstore, a scalar broadcast, + and * with vectors and scalars, +=. */
    if (gid < n / 16) {
        float16 w = vload16(gid, x);
        float16 acc = 0.0f;
        acc += 2.0f * w + w * w * 0.5f;
        vstore16(acc, gid, y);
        float8 h = vload8(2 * gid, x);
        h += h * h;
        vstore8(h, 2 * gid + 1, y);
    }
}
