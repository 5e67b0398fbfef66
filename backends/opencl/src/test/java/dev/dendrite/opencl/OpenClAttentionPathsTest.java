package dev.dendrite.opencl;

import dev.dendrite.conformance.AttentionPathsTest;
import dev.dendrite.device.Device;

/**
 * The fused attention path (attention.cl, and the backward that recomputes the probabilities
 * from its log-sum-exp) against the composition (the matmul and softmax kernels), on OpenCL:
 * outputs and gradients, every case of {@link AttentionPathsTest}.
 */
class OpenClAttentionPathsTest extends AttentionPathsTest {
    @Override protected Device device() {
        return OpenClTestSupport.device();
    }
}
