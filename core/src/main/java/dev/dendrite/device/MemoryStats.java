package dev.dendrite.device;

/**
 * What a device holds right now. {@code liveBuffers}/{@code liveBytes} count buffers handed out
 * and not yet released: a training loop that leaks nothing keeps them flat. {@code cachedBytes}
 * is memory a caching allocator keeps for reuse (on the java device: released arrays kept
 * for buffers of the same length).
 */
public record MemoryStats(long liveBuffers, long liveBytes, long cachedBytes) {}
