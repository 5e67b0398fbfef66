/*
 * cuda_prelude.h -- how OpenCL C maps onto CUDA C++, in one page.
 *
 * Dendrite writes every kernel once, in OpenCL C (the .cl files beside this one). The CUDA
 * backend compiles those same files with NVRTC after pasting this header in front of them;
 * the tests do the same with nvcc. No kernel is written twice, so every kernel CUDA runs has
 * already passed the conformance suite on OpenCL. (CLBlast runs its OpenCL kernels on CUDA
 * the same way.)
 *
 * The lesson: the two APIs describe the same machine with different words.
 *
 *   OpenCL                         CUDA
 *   work-item                      thread
 *   work-group                     block
 *   NDRange (global size, items)   grid (in blocks!) x block (in threads)
 *   __global memory                global memory (plain pointers; nothing to say)
 *   __local memory                 __shared__ memory
 *   __private (registers)          locals (registers)
 *   barrier(CLK_LOCAL_MEM_FENCE)   __syncthreads()
 *   get_local_id(0)                threadIdx.x
 *   get_group_id(0)                blockIdx.x
 *   get_local_size(0)              blockDim.x
 *   get_num_groups(0)              gridDim.x
 *   get_global_id(0)               blockIdx.x * blockDim.x + threadIdx.x
 *
 * The one real difference is the launch: OpenCL asks for the global size in work-items, CUDA
 * for the grid in blocks. The host code converts (global / local) in one place
 * (dev.dendrite.cuda.CudaGrid), so the kernels never notice.
 *
 * The rules the kernels follow so that this header is enough (only the words mapped here, vector
 * types limited to what the float4/floatn section below provides, `long` only as a cast in an
 * offset computation, f on float literals, INLINE_FUNC on helpers, #pragma OPENCL only behind a
 * hook this header defines, ...) are listed once, in kernels/README.md ("Kernel-writing rules"),
 * and checked there by KernelSourcesTest; PreludeHooksTest checks the hooks.
 *
 * Nothing here is included: NVRTC has no system headers, so the header must stand alone.
 * Names CUDA already has with OpenCL's meaning (exp, log, sqrt, rsqrt, fabs, fmax, fmin, fma,
 * pow, tanh, erf, floor, ceil, min, max, isnan, ...) need no mapping: CUDA C++ overloads them
 * for float, so exp(x) on a float is expf(x), not a double computation.
 */
#ifndef DENDRITE_CUDA_PRELUDE_H
#define DENDRITE_CUDA_PRELUDE_H

/* ------------------------------------------------------------------ address spaces, qualifiers */

/* A kernel is an unmangled entry point, so the host finds it by its OpenCL name. */
#define __kernel extern "C" __global__
/* Global memory is CUDA's default: pointers need no word. */
#define __global
/* Work-group memory: shared by the threads of a block. */
#define __local  __shared__
/* __constant pointer arguments are read-only global memory here. (CUDA's __constant__ is a
 * different thing: a file-scope variable the host fills, which OpenCL has no word for.) */
#define __constant const
#define __private
#define restrict __restrict__

/* CUDA needs __device__ on every function a kernel calls. The kernels declare their helpers
 * INLINE_FUNC (CLBlast's word), which they define as `static inline` when this header has not. */
#define INLINE_FUNC __device__ inline
/* The same, for the helpers of this header. */
#define DENDRITE_DEVICE_FN __device__ __forceinline__
/* A helper that must be inlined even where it is called twice (matmul.cl's vector_tile: each call
 * becomes its own copy of a loop, specialised for a constant argument). */
#define ALWAYS_INLINE __device__ __forceinline__

/* A product rounded to float that must not be fused with the add after it (Philox's uniform
 * numbers are bit-exact with Java only without the fused multiply-add). OpenCL says so with
 * #pragma OPENCL FP_CONTRACT OFF; CUDA with the __fmul_rn intrinsic, which nvcc never contracts. */
#define MUL_RN(x, y) __fmul_rn((x), (y))

/* reqd_work_group_size(x, y, z) promises the block size; CUDA's equivalent promise is
 * __launch_bounds__(threads), which lets the compiler budget registers for that many threads.
 * Written so that __attribute__((reqd_work_group_size(16, 16, 1))) becomes
 * __attribute__((launch_bounds(256))). */
#define reqd_work_group_size(x, y, z) launch_bounds((x) * (y) * (z))

/* ------------------------------------------------------------------ scalar types */

/* Macros rather than typedefs: nvcc's system headers already typedef uint, ushort and ulong
 * (as glibc does), and ulong must be 64 bits everywhere, while long is 32 bits on Windows. */
#define uchar  unsigned char
#define ushort unsigned short
#define uint   unsigned int
#define ulong  unsigned long long
/* What the work-item functions return. nvcc's headers define size_t, NVRTC's may not; this is
 * the standard's own definition, so repeating it is harmless where it exists. */
typedef decltype(sizeof(int)) size_t;

/* ------------------------------------------------------------------ work-item functions */

/* OpenCL numbers dimensions 0..2, CUDA names them x, y, z. The kernels pass constants, so the
 * compiler folds each switch to one special-register read. The products are 32-bit: Dendrite
 * never launches more than 2^31 work-items. */
DENDRITE_DEVICE_FN size_t get_local_id(uint d)   { return d == 0 ? threadIdx.x : d == 1 ? threadIdx.y : d == 2 ? threadIdx.z : 0; }
DENDRITE_DEVICE_FN size_t get_group_id(uint d)   { return d == 0 ? blockIdx.x  : d == 1 ? blockIdx.y  : d == 2 ? blockIdx.z  : 0; }
DENDRITE_DEVICE_FN size_t get_local_size(uint d) { return d == 0 ? blockDim.x  : d == 1 ? blockDim.y  : d == 2 ? blockDim.z  : 1; }
DENDRITE_DEVICE_FN size_t get_num_groups(uint d) { return d == 0 ? gridDim.x   : d == 1 ? gridDim.y   : d == 2 ? gridDim.z   : 1; }
DENDRITE_DEVICE_FN size_t get_global_id(uint d) {
    return d == 0 ? blockIdx.x * blockDim.x + threadIdx.x
         : d == 1 ? blockIdx.y * blockDim.y + threadIdx.y
         : d == 2 ? blockIdx.z * blockDim.z + threadIdx.z : 0;
}
DENDRITE_DEVICE_FN size_t get_global_size(uint d) { return get_num_groups(d) * get_local_size(d); }
/* Dendrite never uses a global offset, so OpenCL's get_global_offset is always 0. */
DENDRITE_DEVICE_FN size_t get_global_offset(uint d) { return 0; }

/* ------------------------------------------------------------------ synchronisation */

/* __syncthreads waits for every thread of the block and makes their shared and global writes
 * visible to each other: the strongest of OpenCL's barrier flavours, so it serves all of them. */
#define CLK_LOCAL_MEM_FENCE  1
#define CLK_GLOBAL_MEM_FENCE 2
#define barrier(flags)            __syncthreads()
#define work_group_barrier(flags) __syncthreads()
#define mem_fence(flags)          __threadfence_block()
#define read_mem_fence(flags)     __threadfence_block()
#define write_mem_fence(flags)    __threadfence_block()

/* ------------------------------------------------------------------ constants OpenCL predefines */

/* Defined afresh (not taken from math.h) so that nvcc and NVRTC see exactly the same values. */
#undef INFINITY
#undef NAN
#undef HUGE_VALF
#undef MAXFLOAT
#undef FLT_MAX
#undef FLT_MIN
#undef FLT_EPSILON
#undef INT_MAX
#undef INT_MIN
#undef UINT_MAX
#define INFINITY     __int_as_float(0x7f800000)
#define NAN          __int_as_float(0x7fc00000)
#define HUGE_VALF    INFINITY
#define MAXFLOAT     FLT_MAX
#define FLT_MAX      3.402823466e+38f
#define FLT_MIN      1.175494351e-38f
#define FLT_EPSILON  1.192092896e-07f
#define INT_MAX      2147483647
#define INT_MIN      (-2147483647 - 1)
#define UINT_MAX     0xffffffffu
#define M_E_F        2.718281828f
#define M_LOG2E_F    1.442695041f
#define M_LN2_F      0.693147181f
#define M_LN10_F     2.302585093f
#define M_PI_F       3.141592654f
#define M_1_PI_F     0.318309886f
#define M_2_PI_F     0.636619772f
#define M_2_SQRTPI_F 1.128379167f
#define M_SQRT2_F    1.414213562f
#define M_SQRT1_2_F  0.707106781f

/* ------------------------------------------------------------------ math built-ins CUDA spells differently */

/* mad may trade accuracy for speed; on NVIDIA hardware the fast form is a fused multiply-add. */
DENDRITE_DEVICE_FN float mad(float a, float b, float c) { return fmaf(a, b, c); }
DENDRITE_DEVICE_FN float clamp(float x, float lo, float hi) { return fminf(fmaxf(x, lo), hi); }
DENDRITE_DEVICE_FN int   clamp(int x, int lo, int hi)       { return min(max(x, lo), hi); }
DENDRITE_DEVICE_FN float mix(float a, float b, float t)     { return a + (b - a) * t; }
DENDRITE_DEVICE_FN float step(float edge, float x)          { return x < edge ? 0.0f : 1.0f; }
DENDRITE_DEVICE_FN float sign(float x) { return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x == 0.0f ? x : 0.0f; }
DENDRITE_DEVICE_FN float select(float a, float b, int c)    { return c ? b : a; }
DENDRITE_DEVICE_FN int   select(int a, int b, int c)        { return c ? b : a; }

/* native_* may be approximate: CUDA's __ intrinsics are the hardware's fast approximations. */
DENDRITE_DEVICE_FN float native_exp(float x)            { return __expf(x); }
DENDRITE_DEVICE_FN float native_exp2(float x)           { return exp2f(x); }
DENDRITE_DEVICE_FN float native_exp10(float x)          { return __exp10f(x); }
DENDRITE_DEVICE_FN float native_log(float x)            { return __logf(x); }
DENDRITE_DEVICE_FN float native_log2(float x)           { return __log2f(x); }
DENDRITE_DEVICE_FN float native_log10(float x)          { return __log10f(x); }
DENDRITE_DEVICE_FN float native_sqrt(float x)           { return sqrtf(x); }
DENDRITE_DEVICE_FN float native_rsqrt(float x)          { return rsqrtf(x); }
DENDRITE_DEVICE_FN float native_recip(float x)          { return __fdividef(1.0f, x); }
DENDRITE_DEVICE_FN float native_divide(float a, float b) { return __fdividef(a, b); }
DENDRITE_DEVICE_FN float native_powr(float a, float b)  { return __powf(a, b); }
DENDRITE_DEVICE_FN float native_sin(float x)            { return __sinf(x); }
DENDRITE_DEVICE_FN float native_cos(float x)            { return __cosf(x); }
DENDRITE_DEVICE_FN float native_tan(float x)            { return __tanf(x); }
DENDRITE_DEVICE_FN float half_exp(float x)              { return __expf(x); }
DENDRITE_DEVICE_FN float half_log(float x)              { return __logf(x); }
DENDRITE_DEVICE_FN float half_recip(float x)            { return __fdividef(1.0f, x); }
DENDRITE_DEVICE_FN float half_divide(float a, float b)  { return __fdividef(a, b); }

/* ------------------------------------------------------------------ integer and bit built-ins */

DENDRITE_DEVICE_FN uint  mul_hi(uint a, uint b)   { return __umulhi(a, b); }   /* Philox's core step */
DENDRITE_DEVICE_FN int   mul_hi(int a, int b)     { return __mulhi(a, b); }
DENDRITE_DEVICE_FN ulong mul_hi(ulong a, ulong b) { return __umul64hi(a, b); }
DENDRITE_DEVICE_FN int   mul24(int a, int b)          { return __mul24(a, b); }
DENDRITE_DEVICE_FN int   mad24(int a, int b, int c)   { return __mul24(a, b) + c; }
DENDRITE_DEVICE_FN uint  rotate(uint x, uint n)   { return __funnelshift_l(x, x, n); }
DENDRITE_DEVICE_FN uint  popcount(uint x)         { return __popc(x); }
DENDRITE_DEVICE_FN uint  clz(uint x)              { return __clz(x); }

/* Bit-for-bit reinterpretation (not conversion). */
DENDRITE_DEVICE_FN float as_float(int x)  { return __int_as_float(x); }
DENDRITE_DEVICE_FN float as_float(uint x) { return __uint_as_float(x); }
DENDRITE_DEVICE_FN int   as_int(float x)  { return __float_as_int(x); }
DENDRITE_DEVICE_FN uint  as_uint(float x) { return __float_as_uint(x); }

/* convert_T(x) without a suffix rounds float to int toward zero, like a C cast. */
#define convert_float(x) ((float) (x))
#define convert_int(x)   ((int) (x))
#define convert_uint(x)  ((uint) (x))
#define convert_ulong(x) ((ulong) (x))
DENDRITE_DEVICE_FN int convert_int_rte(float x) { return __float2int_rn(x); }
DENDRITE_DEVICE_FN int convert_int_rtn(float x) { return __float2int_rd(x); }
DENDRITE_DEVICE_FN int convert_int_rtp(float x) { return __float2int_ru(x); }

/* ------------------------------------------------------------------ atomics */

/* OpenCL takes volatile pointers, CUDA plain ones: the casts only drop the volatile. A float
 * atomic add is written in the kernels as an atomic_cmpxchg loop (OpenCL 1.2 has no float
 * atomics); here that loop runs on atomicCAS unchanged. */
DENDRITE_DEVICE_FN int  atomic_add(volatile int* p, int v)    { return atomicAdd((int*) p, v); }
DENDRITE_DEVICE_FN uint atomic_add(volatile uint* p, uint v)  { return atomicAdd((uint*) p, v); }
DENDRITE_DEVICE_FN int  atomic_sub(volatile int* p, int v)    { return atomicSub((int*) p, v); }
DENDRITE_DEVICE_FN uint atomic_sub(volatile uint* p, uint v)  { return atomicSub((uint*) p, v); }
DENDRITE_DEVICE_FN int  atomic_inc(volatile int* p)           { return atomicAdd((int*) p, 1); }
DENDRITE_DEVICE_FN uint atomic_inc(volatile uint* p)          { return atomicAdd((uint*) p, 1u); }
DENDRITE_DEVICE_FN int  atomic_dec(volatile int* p)           { return atomicSub((int*) p, 1); }
DENDRITE_DEVICE_FN uint atomic_dec(volatile uint* p)          { return atomicSub((uint*) p, 1u); }
DENDRITE_DEVICE_FN int  atomic_xchg(volatile int* p, int v)   { return atomicExch((int*) p, v); }
DENDRITE_DEVICE_FN uint atomic_xchg(volatile uint* p, uint v) { return atomicExch((uint*) p, v); }
DENDRITE_DEVICE_FN float atomic_xchg(volatile float* p, float v) { return atomicExch((float*) p, v); }
DENDRITE_DEVICE_FN int  atomic_min(volatile int* p, int v)    { return atomicMin((int*) p, v); }
DENDRITE_DEVICE_FN uint atomic_min(volatile uint* p, uint v)  { return atomicMin((uint*) p, v); }
DENDRITE_DEVICE_FN int  atomic_max(volatile int* p, int v)    { return atomicMax((int*) p, v); }
DENDRITE_DEVICE_FN uint atomic_max(volatile uint* p, uint v)  { return atomicMax((uint*) p, v); }
DENDRITE_DEVICE_FN int  atomic_and(volatile int* p, int v)    { return atomicAnd((int*) p, v); }
DENDRITE_DEVICE_FN int  atomic_or(volatile int* p, int v)     { return atomicOr((int*) p, v); }
DENDRITE_DEVICE_FN int  atomic_xor(volatile int* p, int v)    { return atomicXor((int*) p, v); }
DENDRITE_DEVICE_FN int  atomic_cmpxchg(volatile int* p, int cmp, int v)    { return atomicCAS((int*) p, cmp, v); }
DENDRITE_DEVICE_FN uint atomic_cmpxchg(volatile uint* p, uint cmp, uint v) { return atomicCAS((uint*) p, cmp, v); }

/* ------------------------------------------------------------------ float4 */

/* CUDA's float4 is a plain struct; OpenCL's is a vector type with arithmetic. These operators
 * give it the arithmetic. vload4 may read any float-aligned address in OpenCL, while a CUDA
 * float4 load needs 16-byte alignment, so it reads four floats. */
DENDRITE_DEVICE_FN float4 operator+(float4 a, float4 b) { return make_float4(a.x + b.x, a.y + b.y, a.z + b.z, a.w + b.w); }
DENDRITE_DEVICE_FN float4 operator-(float4 a, float4 b) { return make_float4(a.x - b.x, a.y - b.y, a.z - b.z, a.w - b.w); }
DENDRITE_DEVICE_FN float4 operator*(float4 a, float4 b) { return make_float4(a.x * b.x, a.y * b.y, a.z * b.z, a.w * b.w); }
DENDRITE_DEVICE_FN float4 operator/(float4 a, float4 b) { return make_float4(a.x / b.x, a.y / b.y, a.z / b.z, a.w / b.w); }
DENDRITE_DEVICE_FN float4 operator*(float4 a, float s)  { return make_float4(a.x * s, a.y * s, a.z * s, a.w * s); }
DENDRITE_DEVICE_FN float4 operator*(float s, float4 a)  { return a * s; }
DENDRITE_DEVICE_FN float4 operator+(float4 a, float s)  { return make_float4(a.x + s, a.y + s, a.z + s, a.w + s); }
DENDRITE_DEVICE_FN float4& operator+=(float4& a, float4 b) { a = a + b; return a; }
DENDRITE_DEVICE_FN float4& operator-=(float4& a, float4 b) { a = a - b; return a; }
DENDRITE_DEVICE_FN float4& operator*=(float4& a, float4 b) { a = a * b; return a; }
DENDRITE_DEVICE_FN float4& operator*=(float4& a, float s)  { a = a * s; return a; }
DENDRITE_DEVICE_FN float  dot(float4 a, float4 b) { return a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w; }
DENDRITE_DEVICE_FN float4 vload4(size_t i, const float* p) { p += 4 * i; return make_float4(p[0], p[1], p[2], p[3]); }
DENDRITE_DEVICE_FN void   vstore4(float4 v, size_t i, float* p) { p += 4 * i; p[0] = v.x; p[1] = v.y; p[2] = v.z; p[3] = v.w; }

/* ------------------------------------------------------------------ float8, float16 */

/* CUDA has no 8- or 16-wide vector type. A struct of N floats with the operations the kernels use
 * stands in; the loops have a constant trip count, so nvcc unrolls them and keeps each element in
 * a register of its own. (On a CPU, OpenCL's float16 is one AVX-512 register: matmul.cl's vector
 * rung is written for that, and a GPU runs it only for correctness.) */
template <int N> struct floatn {
    float s[N];
    floatn() = default;
    DENDRITE_DEVICE_FN floatn(float x) { for (int i = 0; i < N; i++) s[i] = x; }   /* v = 0.0f broadcasts */
};
typedef floatn<8> float8;
typedef floatn<16> float16;

template <int N> DENDRITE_DEVICE_FN floatn<N> operator+(floatn<N> a, floatn<N> b) {
    for (int i = 0; i < N; i++) a.s[i] += b.s[i];
    return a;
}
template <int N> DENDRITE_DEVICE_FN floatn<N> operator*(floatn<N> a, floatn<N> b) {
    for (int i = 0; i < N; i++) a.s[i] *= b.s[i];
    return a;
}
template <int N> DENDRITE_DEVICE_FN floatn<N> operator*(float x, floatn<N> a) {
    for (int i = 0; i < N; i++) a.s[i] *= x;
    return a;
}
template <int N> DENDRITE_DEVICE_FN floatn<N> operator*(floatn<N> a, float x) { return x * a; }
template <int N> DENDRITE_DEVICE_FN floatn<N>& operator+=(floatn<N>& a, floatn<N> b) { a = a + b; return a; }

/* OpenCL's vloadN needs only float alignment, so these read element by element, as vload4 does. */
template <int N> DENDRITE_DEVICE_FN floatn<N> vloadn(size_t i, const float* p) {
    floatn<N> v;
    for (int j = 0; j < N; j++) v.s[j] = p[N * i + j];
    return v;
}
template <int N> DENDRITE_DEVICE_FN void vstoren(floatn<N> v, size_t i, float* p) {
    for (int j = 0; j < N; j++) p[N * i + j] = v.s[j];
}
DENDRITE_DEVICE_FN float8  vload8(size_t i, const float* p)  { return vloadn<8>(i, p); }
DENDRITE_DEVICE_FN float16 vload16(size_t i, const float* p) { return vloadn<16>(i, p); }
DENDRITE_DEVICE_FN void vstore8(float8 v, size_t i, float* p)   { vstoren<8>(v, i, p); }
DENDRITE_DEVICE_FN void vstore16(float16 v, size_t i, float* p) { vstoren<16>(v, i, p); }

#endif /* DENDRITE_CUDA_PRELUDE_H */
