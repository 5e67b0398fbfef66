package dev.dendrite.train;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.device.DType;
import dev.dendrite.device.Device;
import dev.dendrite.nn.Loss;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.ClipGrad;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The training loop, written once: for each batch, forward, loss, backward, optimizer step, all
 * inside a {@link Scope} so the step's intermediate tensors are freed when it ends. Around it:
 * a progress bar, per-epoch metrics and {@link History}, validation, learning-rate schedules,
 * gradient clipping, early stopping and a checkpoint per epoch.
 *
 * <pre>{@code
 * History h = new Trainer()
 *         .checkpointDir(Path.of("out"))
 *         .fit(model, new CrossEntropyLoss(), new Adam(model.parameters()), trainLoader, testLoader, 10);
 * }</pre>
 *
 * Running loss and accuracy accumulate on the device; they are read back only when the progress
 * bar redraws and at the end of an epoch, so an asynchronous device keeps its queue full.
 */
public final class Trainer {
    private ProgressBar progress = ProgressBar.console();
    private Path checkpointDir;
    private Path resumeFrom;
    private int patience = -1;
    private double minDelta;
    private LrSchedule schedule;
    private boolean schedulePerStep;
    private float clipNorm = Float.NaN;

    /** Where progress goes; null for silence. */
    public Trainer progress(ProgressBar bar) {
        this.progress = bar;
        return this;
    }

    /** Writes {@code last.safetensors} after every epoch and {@code best.safetensors} whenever the monitored loss improves. */
    public Trainer checkpointDir(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Starts {@link #fit} from this checkpoint (model, optimizer, random streams, epochs done, history). */
    public Trainer resumeFrom(Path checkpoint) {
        this.resumeFrom = checkpoint;
        return this;
    }

    /** Stops when the monitored loss (validation, else training) has not improved by {@code minDelta} for {@code patience} epochs. */
    public Trainer earlyStopping(int patience, double minDelta) {
        if (patience < 1) throw new IllegalArgumentException("earlyStopping: patience must be at least 1, got " + patience);
        this.patience = patience;
        this.minDelta = minDelta;
        return this;
    }

    /** Sets the learning rate from {@code schedule} and the optimizer's initial rate, per epoch or per step. */
    public Trainer schedule(LrSchedule schedule, boolean perStep) {
        this.schedule = schedule;
        this.schedulePerStep = perStep;
        return this;
    }

    /** Clips the joint gradient norm to {@code maxNorm} before every step. */
    public Trainer clipGradNorm(float maxNorm) {
        this.clipNorm = maxNorm;
        return this;
    }

    // ------------------------------------------------------------------ fit

    /**
     * Trains for {@code epochs} epochs in total (a resumed run counts the epochs already done).
     * {@code val} may be null. Returns the history of every epoch so far.
     */
    public History fit(Module model, Loss loss, Optimizer optimizer, DataLoader train, DataLoader val, int epochs) {
        History history = new History();
        int startEpoch = 0;
        long globalStep = 0;
        float baseLr = optimizer.lr();
        if (resumeFrom != null) {
            Checkpoint.State s = load(resumeFrom, model, optimizer);
            history = s.history();
            startEpoch = s.epochsDone();
            globalStep = s.globalStep();
            baseLr = s.baseLr();
            if (progress != null) progress.message("resumed from " + resumeFrom + " after epoch " + startEpoch);
        }
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (EpochMetrics m : history.epochs()) {
            if (m.monitored() < best - minDelta) {
                best = m.monitored();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            if (schedule != null) optimizer.setLr(schedule.lr(baseLr, schedulePerStep ? globalStep : epoch));
            double epochLr = Double.parseDouble(Float.toString(optimizer.lr())); // 0.01f shows as 0.01, not 0.009999999776
            EpochRun run = trainEpoch(model, loss, optimizer, train, epoch, epochs, globalStep, baseLr);
            globalStep += train.numBatches();
            EvalResult v = val != null ? evaluate(model, loss, val) : new EvalResult(Double.NaN, Double.NaN, 0);
            EpochMetrics m = new EpochMetrics(epoch, run.loss, run.accuracy, v.loss(), v.accuracy(), epochLr, run.seconds,
                    run.examples / Math.max(run.seconds, 1e-9));
            history.add(m);
            if (progress != null) progress.endEpoch(m);

            boolean improved = m.monitored() < best - minDelta;
            if (improved) {
                best = m.monitored();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            boolean stop = patience > 0 && sinceBest >= patience && epoch + 1 < epochs;
            if (stop) history.markStoppedEarly();
            if (checkpointDir != null) {
                Checkpoint.State state = new Checkpoint.State(epoch + 1, globalStep, baseLr, history);
                save(checkpointDir.resolve("last.safetensors"), model, optimizer, state);
                if (improved) save(checkpointDir.resolve("best.safetensors"), model, optimizer, state);
            }
            if (stop) {
                if (progress != null) progress.message("early stopping: no improvement for " + patience + " epochs");
                break;
            }
        }
        return history;
    }

    private record EpochRun(double loss, double accuracy, double seconds, long examples) {}

    private EpochRun trainEpoch(Module model, Loss loss, Optimizer optimizer, DataLoader train, int epoch, int epochs,
                                long globalStep, float baseLr) {
        model.train();
        Device device = train.device();
        List<Tensor> params = optimizer.params();
        int batches = train.numBatches();
        if (progress != null) progress.startEpoch(epoch, epochs, batches);
        long start = System.nanoTime();
        long examples = 0;
        long labelled = 0;
        boolean classification = train.dataset().targetType() == DType.I32;
        Tensor lossSum = Tensor.zeros(device);
        Tensor correct = Tensor.zeros(device);
        try {
            Iterator<Batch> it = train.epoch(epoch).iterator();
            for (int b = 0; it.hasNext(); b++) {
                if (schedule != null && schedulePerStep) optimizer.setLr(schedule.lr(baseLr, globalStep + b));
                try (Scope scope = Scope.open()) {
                    Batch batch = it.next();
                    int n = batch.size();
                    Tensor output = model.forward(batch.inputs());
                    Tensor value = loss.apply(output, batch.targets());
                    optimizer.zeroGrad();
                    value.backward();
                    if (!Float.isNaN(clipNorm)) ClipGrad.clipGradNorm(params, clipNorm);
                    optimizer.step();
                    try (GradMode g = Autograd.noGrad()) {
                        lossSum.add_(value.detach().mul(n));
                        if (classification) {
                            correct.add_(countCorrect(output, batch.targets()));
                            labelled += batch.targets().numel();
                        }
                    }
                    examples += n;
                }
                if (progress != null && progress.due(b + 1)) {
                    progress.update(b + 1, examples, (double) lossSum.item() / examples,
                            classification ? (double) correct.item() / labelled : Double.NaN);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new EpochRun(examples > 0 ? (double) lossSum.item() / examples : Double.NaN,
                    classification && labelled > 0 ? (double) correct.item() / labelled : Double.NaN, seconds, examples);
        } finally {
            lossSum.close();
            correct.close();
        }
    }

    /** Number of positions where the arg-max of the output's last axis equals the label (a 0-d tensor). */
    private static Tensor countCorrect(Tensor output, Tensor labels) {
        return output.argmax(-1, false).toFloat().eq(labels.toFloat()).sum();
    }

    // ------------------------------------------------------------------ evaluate and predict

    /** Mean loss and accuracy over {@code data}, in eval mode and without recording gradients. */
    public EvalResult evaluate(Module model, Loss loss, DataLoader data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Device device = data.device();
        boolean classification = data.dataset().targetType() == DType.I32;
        Tensor lossSum = Tensor.zeros(device);
        Tensor correct = Tensor.zeros(device);
        long examples = 0;
        long labelled = 0;
        try (GradMode g = Autograd.noGrad()) {
            for (Iterator<Batch> it = data.epoch(0).iterator(); it.hasNext(); ) {
                try (Scope scope = Scope.open()) {
                    Batch batch = it.next();
                    Tensor output = model.forward(batch.inputs());
                    lossSum.add_(loss.apply(output, batch.targets()).mul(batch.size()));
                    if (classification) {
                        correct.add_(countCorrect(output, batch.targets()));
                        labelled += batch.targets().numel();
                    }
                    examples += batch.size();
                }
            }
            return new EvalResult(examples > 0 ? (double) lossSum.item() / examples : Double.NaN,
                    classification && labelled > 0 ? (double) correct.item() / labelled : Double.NaN, (int) examples);
        } finally {
            lossSum.close();
            correct.close();
            model.train(wasTraining);
        }
    }

    /** The model's outputs for every example of {@code data}, in order, as one tensor [N, ...] (the caller closes it). */
    public Tensor predict(Module model, DataLoader data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Tensor> parts = new ArrayList<>();
        try (GradMode g = Autograd.noGrad()) {
            for (Iterator<Batch> it = data.epoch(0).iterator(); it.hasNext(); ) {
                try (Scope scope = Scope.open()) {
                    Batch batch = it.next();
                    parts.add(scope.keep(model.forward(batch.inputs())));
                }
            }
            if (parts.isEmpty()) throw new IllegalArgumentException("predict: the data loader yields no batches");
            return Tensor.concat(0, parts.toArray(new Tensor[0]));
        } finally {
            for (Tensor t : parts) t.close();
            model.train(wasTraining);
        }
    }

    /** The predicted class (arg-max of the last axis) of every example of {@code data}, in order. */
    public int[] predictClasses(Module model, DataLoader data) {
        try (Tensor out = predict(model, data); Tensor classes = out.argmax(-1, false)) {
            return classes.toIntArray();
        }
    }

    private static void save(Path file, Module model, Optimizer optimizer, Checkpoint.State state) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Checkpoint.save(file, model, optimizer, state);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint.State load(Path file, Module model, Optimizer optimizer) {
        try {
            return Checkpoint.load(file, model, optimizer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not resume from " + file + ": " + e.getMessage(), e);
        }
    }
}
