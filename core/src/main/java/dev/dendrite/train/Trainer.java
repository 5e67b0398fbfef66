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
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop, written once: for each batch, forward, loss, backward, optimizer step, all
 * inside a {@link Scope} so the step's intermediate tensors are freed when it ends. Around it:
 * a progress bar, per-epoch metrics and {@link History}, validation, learning-rate schedules,
 * gradient clipping, early stopping, a checkpoint per epoch, and a stop when the loss turns NaN.
 *
 * <pre>{@code
 * History h = new Trainer()
 *         .progress(ProgressBar.console())   // silent unless asked: a library prints nothing by default
        .checkpointDir(Path.of("out"))
 *         .fit(model, new CrossEntropyLoss(), new Adam(model.parameters()), trainLoader, testLoader, 10);
 * }</pre>
 *
 * Running loss and accuracy accumulate on the device; they are read back only when the progress
 * bar redraws and at the end of an epoch, so an asynchronous device keeps its queue full.
 */
public final class Trainer {
    private ProgressBar progress;
    private Path checkpointDir;
    private Path resumeFrom;
    private int patience = -1;
    private double minDelta;
    private LrSchedule schedule;
    private boolean schedulePerStep;
    private float clipNorm = Float.NaN;
    private boolean stopOnNonFiniteLoss = true;
    private Map<String, String> checkpointMetadata = Map.of();
    private boolean nonFiniteReported; // in this fit, when training on after a NaN: warn once
    private DataParallel parallel;     // set for the duration of fit(DataParallel, ...)

    /** Steps between two reads of the running loss when the progress bar does not read it anyway. */
    private static final int CHECK_EVERY = 50;

    /** Where progress goes ({@link ProgressBar#console()} for a console user); null, the default, for silence. */
    public Trainer progress(ProgressBar bar) {
        this.progress = bar;
        return this;
    }

    /** Writes {@code last.safetensors} after every epoch and {@code best.safetensors} whenever the monitored loss improves. */
    public Trainer checkpointDir(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Extra metadata strings saved in every checkpoint (say, the settings of the run), next to the trainer's own. */
    public Trainer checkpointMetadata(Map<String, String> metadata) {
        this.checkpointMetadata = new LinkedHashMap<>(metadata); // in the caller's order
        return this;
    }

    /**
     * Whether a NaN or infinite training loss ends {@link #fit} with a {@link NonFiniteLossException}
     * (the default) or only a warning, training on. Either way the loss is checked where the
     * running loss is read back anyway (progress redraws, every few dozen steps, the end of an
     * epoch), not after every step, so an asynchronous device keeps its queue full.
     */
    public Trainer stopOnNonFiniteLoss(boolean stop) {
        this.stopOnNonFiniteLoss = stop;
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
        int bestEpoch = 0;
        nonFiniteReported = false;
        if (checkpointDir != null) CheckpointFiles.removeLeftovers(checkpointDir, this::say);
        if (resumeFrom != null) {
            Checkpoint.State s = load(resumeFrom, model, optimizer);
            history = s.history();
            startEpoch = s.epochsDone();
            globalStep = s.globalStep();
            baseLr = s.baseLr();
            bestEpoch = s.bestEpoch();
            say("resumed from " + resumeFrom + " after epoch " + startEpoch);
            if (checkpointDir != null) CheckpointFiles.repairBest(checkpointDir, resumeFrom, s, this::say);
        }
        if (parallel != null) parallel.synchronize(); // replicas start from the first one (and from a resumed checkpoint)
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
                bestEpoch = epoch + 1;
            } else {
                sinceBest++;
            }
            boolean stop = patience > 0 && sinceBest >= patience && epoch + 1 < epochs;
            if (stop) history.markStoppedEarly();
            if (checkpointDir != null) {
                // last first: it records which epoch best holds, so a kill between the two writes is repaired on resume.
                Checkpoint.State state = new Checkpoint.State(epoch + 1, globalStep, baseLr, history, bestEpoch);
                save(checkpointDir.resolve(CheckpointFiles.LAST), model, optimizer, state);
                if (improved) save(checkpointDir.resolve(CheckpointFiles.BEST), model, optimizer, state);
            }
            if (stop) {
                say("early stopping: no improvement for " + patience + " epochs");
                break;
            }
        }
        return history;
    }

    /**
     * Trains the replicas of {@code parallel} as {@link #fit(Module, Loss, Optimizer, DataLoader,
     * DataLoader, int)} trains one model: each batch split across them, gradients summed, every
     * replica stepped. Validation, checkpoints and resuming use the first replica and its
     * optimizer; the loaders must make their batches on the first replica's device.
     */
    public History fit(DataParallel parallel, Loss loss, DataLoader train, DataLoader val, int epochs) {
        if (train.device() != parallel.devices().get(0)) {
            throw new IllegalArgumentException("fit: the training loader makes batches on a " + train.device().name()
                    + " device instance, not on the first replica's (" + parallel.devices().get(0).name() + ")");
        }
        this.parallel = parallel;
        try {
            return fit(parallel.model(), loss, parallel.optimizer(), train, val, epochs);
        } finally {
            this.parallel = null;
        }
    }

    private static final System.Logger LOG = System.getLogger("dev.dendrite.train");

    /** To the progress bar when there is one, else to the log (warnings show by default, the rest does not). */
    private void say(String message) {
        if (progress != null) progress.message(message);
        else LOG.log(message.startsWith("warning: ") ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, message);
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
        List<StepLoss> unchecked = new ArrayList<>(); // step losses not yet known to be finite, kept on the device
        try {
            Iterator<Batch> it = train.epoch(epoch).iterator();
            for (int b = 0; it.hasNext(); b++) {
                if (schedule != null && schedulePerStep) optimizer.setLr(schedule.lr(baseLr, globalStep + b));
                try (Scope scope = Scope.open()) {
                    Batch batch = it.next();
                    int n = batch.size();
                    Tensor output;
                    Tensor value;
                    if (parallel != null) {
                        DataParallel.StepOutput out = parallel.forwardBackward(batch, loss);
                        output = out.output();
                        value = out.loss();
                        if (!Float.isNaN(clipNorm)) parallel.clipGradNorm(clipNorm);
                    } else {
                        output = model.forward(batch.inputs());
                        value = loss.apply(output, batch.targets());
                        optimizer.zeroGrad();
                        value.backward();
                        if (!Float.isNaN(clipNorm)) ClipGrad.clipGradNorm(params, clipNorm);
                    }
                    unchecked.add(new StepLoss(b, optimizer.lr(), scope.keep(value.detach())));
                    if (parallel != null) parallel.step();
                    else optimizer.step();
                    try (GradMode g = Autograd.noGrad()) {
                        lossSum.add_(value.detach().mul(n));
                        if (classification) {
                            correct.add_(countCorrect(output, batch.targets()));
                            labelled += batch.targets().numel();
                        }
                    }
                    examples += n;
                }
                boolean show = progress != null && progress.due(b + 1);
                if (show || unchecked.size() >= CHECK_EVERY) {
                    double sum = lossSum.item();
                    checkFinite(sum, unchecked, epoch, batches, globalStep);
                    if (show) {
                        progress.update(b + 1, examples, sum / examples,
                                classification ? (double) correct.item() / labelled : Double.NaN);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double sum = lossSum.item();
            checkFinite(sum, unchecked, epoch, batches, globalStep);
            return new EpochRun(examples > 0 ? sum / examples : Double.NaN,
                    classification && labelled > 0 ? (double) correct.item() / labelled : Double.NaN, seconds, examples);
        } finally {
            lossSum.close();
            correct.close();
            for (StepLoss s : unchecked) s.value.close();
        }
    }

    /** One step's loss (a 0-d tensor on the device), read back only when the running sum went bad. */
    private record StepLoss(int batch, float lr, Tensor value) {}

    /**
     * The running sum {@code sum} turns NaN or infinite with the first bad step and stays so; only
     * then are this window's step losses read, to name the step. Empties {@code unchecked}.
     */
    private void checkFinite(double sum, List<StepLoss> unchecked, int epoch, int batches, long globalStep) {
        try {
            if (Double.isFinite(sum) || nonFiniteReported) return;
            for (StepLoss s : unchecked) {
                float v = s.value.item();
                if (Float.isFinite(v)) continue;
                NonFiniteLossException e = new NonFiniteLossException(globalStep + s.batch + 1, epoch + 1, s.batch + 1, batches, v, s.lr);
                if (stopOnNonFiniteLoss) throw e;
                nonFiniteReported = true;
                say("warning: " + e.where() + "; training on, as asked");
                return;
            }
        } finally {
            for (StepLoss s : unchecked) s.value.close();
            unchecked.clear();
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

    private void save(Path file, Module model, Optimizer optimizer, Checkpoint.State state) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Checkpoint.save(file, model, optimizer, state, checkpointMetadata);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file + ": " + why(file, e), e);
        }
    }

    private static Checkpoint.State load(Path file, Module model, Optimizer optimizer) {
        try {
            return Checkpoint.load(file, model, optimizer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not resume from " + file + ": " + why(file, e), e);
        }
    }

    /**
     * What went wrong with {@code file}, in words: the message of a {@link FileSystemException} is
     * often the path alone ("could not resume from a/last.safetensors: a/last.safetensors").
     */
    static String why(Path file, IOException e) {
        if (!(e instanceof FileSystemException f)) return e.getMessage() != null ? e.getMessage() : e.toString();
        String what = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NotDirectoryException ? "not a directory"
                : e instanceof FileAlreadyExistsException ? "a file is in the way"
                : f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
        String other = f.getFile();
        return other == null || Path.of(other).equals(file) ? what : what + " (" + other + ")";
    }
}
