/**
 * Implementation details of {@code dev.dendrite.io} (the JSON reader and writer of safetensors
 * headers and training histories). Public only so other Dendrite packages can use them: not part
 * of the API, may change in any release, left out of the javadoc.
 */
package dev.dendrite.io.internal;
