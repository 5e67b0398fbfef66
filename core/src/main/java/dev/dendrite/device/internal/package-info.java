/**
 * Shape and stride arithmetic shared by the tensor layer and the devices ({@link
 * dev.dendrite.device.internal.Shapes}, {@link dev.dendrite.device.internal.MergedDims}). Public
 * only so Dendrite's own modules (kernels, backends) can use it: not part of the API, may change
 * in any release, left out of the javadoc.
 */
package dev.dendrite.device.internal;
