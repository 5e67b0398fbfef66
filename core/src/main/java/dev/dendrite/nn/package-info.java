/**
 * Layers and losses, written once on the Tensor API so they run on every device.
 *
 * <p>A {@link dev.dendrite.nn.Module} holds named parameters, buffers and submodules; its state
 * dict uses PyTorch's names and layouts ("0.weight", "fc1.bias", LSTM "weight_ih_l0" with gates
 * i, f, g, o), so weights move both ways between Dendrite and PyTorch through safetensors files.
 * Initial weights follow PyTorch's defaults and come from Philox under seeds handed out by
 * {@link dev.dendrite.nn.Init} ({@code Init.manualSeed(42)} makes a run reproducible).
 *
 * <pre>{@code
 * Init.manualSeed(42);
 * var model = new Sequential(
 *         new Conv2d(1, 32, 3), new ReLU(), new MaxPool2d(2),
 *         new Flatten(), new Linear(32 * 13 * 13, 10));
 * Tensor loss = new CrossEntropyLoss().apply(model.forward(images), labels);
 * }</pre>
 */
package dev.dendrite.nn;
