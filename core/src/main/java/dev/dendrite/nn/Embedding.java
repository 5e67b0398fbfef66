package dev.dendrite.nn;

import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.device.Devices;
import dev.dendrite.tensor.Tensor;
import java.util.Arrays;

/**
 * A lookup table: index i (int32) gives row i of weight [numEmbeddings, embeddingDim], drawn
 * from N(0, 1) as in PyTorch. Input of any shape S gives output S + [embeddingDim].
 */
public class Embedding extends Module {
    public final int numEmbeddings;
    public final int embeddingDim;
    public final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Devices.defaultDevice());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Device device) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + numEmbeddings + " x " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", Init.standardNormal(device, numEmbeddings, embeddingDim));
    }

    @Override public Tensor forward(Tensor indices) {
        if (indices.dtype() != DType.I32) {
            throw new IllegalArgumentException("Embedding: indices must be int32, got " + indices.dtype()
                    + " of shape " + Arrays.toString(indices.shape()));
        }
        int[] shape = indices.shape();
        int[] outShape = Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = embeddingDim;
        return weight.indexSelect(0, indices.reshape(-1)).reshape(outShape);
    }

    @Override protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
