package dev.dendrite.cuda;

import jcuda.driver.CUresult;

/** A CUDA driver call that failed; the message names the call and CUDA's error code. */
public class CudaException extends RuntimeException {
    public CudaException(String message) { super(message); }

    /** Throws unless {@code status} is CUDA_SUCCESS. JCuda's own exceptions stay off so every message says which call failed. */
    static void check(int status, String call) {
        if (status != CUresult.CUDA_SUCCESS) throw new CudaException("CUDA: " + call + " failed with " + CUresult.stringFor(status));
    }
}
