/**
 * Optimizers with PyTorch's semantics (SGD with momentum and Nesterov, Adam, AdamW, RMSprop), each
 * step one fused device primitive per parameter tensor; learning-rate schedules as formulas of
 * time ({@link dev.dendrite.optim.LrSchedule}); gradient-norm clipping
 * ({@link dev.dendrite.optim.ClipGrad}). Optimizer state saves and loads, so a resumed run takes
 * the step the uninterrupted one would have taken.
 */
package dev.dendrite.optim;
