/*
 * optim.cl: fused optimizer steps (SGD with momentum, Adam/AdamW, RMSprop), PyTorch's semantics
 * as documented in dev.dendrite.device.SgdParams, AdamParams and RmspropParams.
 *
 * Run: ./dendrite kernel sgd --variant momentum       (sgd_update)
 *      ./dendrite kernel adam --variant adam          (adam_update; --variant adamw: decoupled decay)
 *      ./dendrite kernel rmsprop --variant rmsprop    (rmsprop_update)
 *
 * Geometry: 1-D, one work-item per parameter, local 256, global rounded up to 256.
 *
 * The idea: an optimizer step written with tensor ops would launch a dozen kernels and stream the
 * parameter and its state through memory a dozen times. Fused, each element is read once,
 * updated in registers and written once, and the parameters never leave the device. All
 * hyper-parameters arrive as kernel arguments; flags are ints (0 or 1). Bias corrections of Adam
 * are computed on the host in double, so every device uses the same values.
 */

__kernel void sgd_update(int n, float lr, float momentum, float dampening, float weightDecay,
                         int nesterov, int firstStep,
                         __global float* param, __global const float* grad, __global float* velocity) {
    int e = get_global_id(0);
    if (e >= n) return;
    float p = param[e];
    float g = grad[e] + weightDecay * p;
    if (momentum != 0.0f) {
        float v = firstStep ? g : momentum * velocity[e] + (1.0f - dampening) * g;
        velocity[e] = v;
        g = nesterov ? g + momentum * v : v;
    }
    param[e] = p - lr * g;
}

__kernel void adam_update(int n, float lr, float beta1, float beta2, float eps, float weightDecay,
                          int decoupled, float biasCorrection1, float biasCorrection2,
                          __global float* param, __global const float* grad, __global float* m, __global float* v) {
    int e = get_global_id(0);
    if (e >= n) return;
    float p = param[e];
    float g = grad[e];
    if (decoupled) p = p * (1.0f - lr * weightDecay);
    else g = g + weightDecay * p;
    float mm = beta1 * m[e] + (1.0f - beta1) * g;
    float vv = beta2 * v[e] + (1.0f - beta2) * g * g;
    m[e] = mm;
    v[e] = vv;
    float mHat = mm / biasCorrection1;
    float vHat = vv / biasCorrection2;
    param[e] = p - lr * mHat / (sqrt(vHat) + eps);
}

__kernel void rmsprop_update(int n, float lr, float alpha, float eps, float weightDecay, float momentum,
                             __global float* param, __global const float* grad, __global float* squareAvg,
                             __global float* momentumBuffer) {
    int e = get_global_id(0);
    if (e >= n) return;
    float p = param[e];
    float g = grad[e] + weightDecay * p;
    float sq = alpha * squareAvg[e] + (1.0f - alpha) * g * g;
    squareAvg[e] = sq;
    float step = g / (sqrt(sq) + eps);
    if (momentum != 0.0f) {
        float buf = momentum * momentumBuffer[e] + step;
        momentumBuffer[e] = buf;
        step = buf;
    }
    param[e] = p - lr * step;
}
