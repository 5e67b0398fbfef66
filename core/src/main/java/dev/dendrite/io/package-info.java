/**
 * Files: {@link dev.dendrite.io.SafeTensors} (PyTorch's and Hugging Face's weight format),
 * atomic writes ({@link dev.dendrite.io.AtomicFiles}) and the small JSON reader/writer
 * ({@code dev.dendrite.io.internal.Json}) headers need, all without dependencies. Damaged files fail
 * with a {@link dev.dendrite.io.FileFormatException} naming the file and the tensor.
 */
package dev.dendrite.io;
