package dev.dendrite.examples;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.device.Device;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.LSTM;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Losses;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.RecurrentOutput;
import dev.dendrite.nn.StateDicts;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.ClipGrad;
import dev.dendrite.train.Checkpoint;
import dev.dendrite.train.History;
import dev.dendrite.train.NonFiniteLossException;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A character-level language model: an LSTM reads a text one character at a time and learns to
 * guess the next one. Sampling from its guesses writes new text in the style of the old.
 *
 * <p>The text is Ambrose Bierce's <i>The Devil's Dictionary</i> (1911), which Debian ships in the
 * package {@code dict-devil}; --text FILE trains on any other text. Unlike the other examples this
 * one writes its training loop by hand, to show what a {@code Trainer} does for you: forward,
 * loss, backward and an optimizer step, inside a {@link Scope} that frees the step's tensors; and
 * a checkpoint per epoch that --resume continues from.
 */
public final class CharLstm implements Example {

    @Override public String name() {
        return "lstm";
    }

    @Override public String summary() {
        return "a character-level LSTM that learns to write like The Devil's Dictionary (Debian: dict-devil)";
    }

    @Override public Options options() {
        return Options.forCommand(name(), "Trains a character-level LSTM on a text and prints samples as it learns.")
                .remove("data")
                .set("epochs", "2").set("batch", "32").set("lr", "0.003")
                .add("text", CharCorpus.DEVILS_DICTIONARY.toString(), Options.Kind.PATH, "the text to learn (plain or gzip)")
                .add("hidden", "256", Options.Kind.COUNT, "LSTM state size")
                .add("seq", "32", Options.Kind.COUNT, "characters per training sequence")
                .add("sample-every", "100", Options.Kind.COUNT, "steps between printed samples")
                .add("temperature", "0.7", Options.Kind.POSITIVE, "sampling temperature: low is safe, high is wild");
    }

    /** Embedding -> LSTM -> Linear: for each position, a score for every possible next character. */
    static final class CharModel extends Module {
        final Embedding embed;
        final LSTM lstm;
        final Linear head;

        CharModel(int vocabulary, int hidden) {
            embed = registerModule("embed", new Embedding(vocabulary, 32));
            lstm = registerModule("lstm", new LSTM(32, hidden));
            head = registerModule("head", new Linear(hidden, vocabulary));
        }

        /** Character indices [N, T] (int32) to next-character scores [N, T, vocabulary]. */
        @Override public Tensor forward(Tensor indices) {
            return head.forward(lstm.forward(embed.forward(indices)));
        }

        /** One or more steps from a carried state: the output and the new state. */
        RecurrentOutput step(Tensor indices, Tensor h, Tensor c) {
            RecurrentOutput r = lstm.forward(embed.forward(indices), h, c);
            return new RecurrentOutput(head.forward(r.output()), r.h(), r.c());
        }
    }

    @Override public void run(Options o) throws IOException {
        Device device = DeviceChoice.open(o.device());
        CharCorpus corpus = CharCorpus.load(o.path("text"));
        int batch = o.batch(), seq = o.intValue("seq");
        if (corpus.length() <= seq + 1) {
            throw UserError.usage("--seq " + seq + " is longer than the text (" + corpus.length() + " characters)");
        }
        System.out.printf(Locale.ROOT, "%s: %,d characters, %d distinct; on %s; %s%n",
                o.path("text").getFileName(), corpus.length(), corpus.vocabularySize(), device.description(), o.describe());

        Init.manualSeed(o.seed());
        try (CharModel model = new CharModel(corpus.vocabularySize(), o.intValue("hidden"));
             Adam adam = new Adam(model.parameters(), o.lr())) {
            // One epoch sees about as many characters as the text holds, in random windows.
            int stepsPerEpoch = Math.max(1, corpus.length() / (batch * seq));
            int totalSteps = stepsPerEpoch * o.epochs();
            int sampleEvery = o.intValue("sample-every");
            boolean stopOnNan = o.value("on-nan").equalsIgnoreCase("stop");
            Path last = o.out().resolve("last.safetensors");
            int done = 0; // steps taken before this run: a resumed run continues after them
            Path resume = Resume.checkpoint(o);
            if (resume != null) {
                done = (int) Checkpoint.load(resume, model, adam).globalStep();
                System.out.println("resumed from " + resume + " after step " + done);
            }
            int[] inputs = new int[batch * seq], targets = new int[batch * seq];
            double lossSum = 0;
            int lossCount = 0;
            boolean warnedNan = false;
            long start = System.nanoTime();
            for (int step = done + 1; step <= totalSteps; step++) {
                int epoch = (step - 1) / stepsPerEpoch + 1;
                // A batch: `batch` windows of the text; the target is the window shifted by one. Each
                // step draws from its own stream, so a resumed run draws what the whole run would have.
                SplittableRandom windows = stepRandom(o.seed(), step);
                for (int b = 0; b < batch; b++) {
                    int from = windows.nextInt(corpus.length() - seq - 1);
                    System.arraycopy(corpus.encoded(), from, inputs, b * seq, seq);
                    System.arraycopy(corpus.encoded(), from + 1, targets, b * seq, seq);
                }
                try (Scope scope = Scope.open()) {
                    Tensor x = Tensor.of(inputs, batch, seq);
                    Tensor y = Tensor.of(targets, batch, seq);
                    Tensor loss = Losses.crossEntropy(model.forward(x), y); // mean over all positions
                    float value = loss.item();
                    if (!Float.isFinite(value)) { // diverged: stop before the step spreads it into the weights
                        NonFiniteLossException e = new NonFiniteLossException(step, epoch, (step - 1) % stepsPerEpoch + 1,
                                stepsPerEpoch, value, adam.lr());
                        if (stopOnNan) throw e;
                        if (!warnedNan) System.out.println("warning: " + e.where() + "; training on, as asked");
                        warnedNan = true;
                    }
                    adam.zeroGrad();
                    loss.backward();
                    ClipGrad.clipGradNorm(model.parameters(), 5f);          // LSTMs can have gradient spikes
                    adam.step();
                    lossSum += value;
                    lossCount++;
                }
                if (step % sampleEvery == 0 || step == totalSteps) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%nstep %d/%d (epoch %d)  loss %.3f  %.1f s%n", step, totalSteps,
                            epoch, lossSum / lossCount, seconds);
                    lossSum = 0;
                    lossCount = 0;
                    System.out.println(sample(model, corpus, "LOVE, n.  ", 240, o.floatValue("temperature"),
                            stepRandom(o.seed() + 1, step)));
                }
                if (step % stepsPerEpoch == 0 || step == totalSteps) { // a checkpoint per epoch, for --resume
                    Checkpoint.save(last, model, adam, new Checkpoint.State(epoch, step, o.lr(), new History()), Resume.metadata(o));
                }
            }
            Path file = o.out().resolve("lstm.safetensors");
            SafeTensors.write(file, StateDicts.toHost(model.stateDict()));
            System.out.println("\nwrote " + file + " (the weights) and " + last + " (for --resume)");
        }
    }

    /** The random stream of one step: a function of the seed and the step alone. */
    static SplittableRandom stepRandom(long seed, long step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    }

    /**
     * Writes {@code length} characters after {@code prompt}: feed the prompt, then repeatedly draw
     * the next character from softmax(scores / temperature) and feed it back in.
     */
    static String sample(CharModel model, CharCorpus corpus, String prompt, int length, float temperature,
                         SplittableRandom random) {
        StringBuilder text = new StringBuilder(prompt);
        int[] promptIndices = new int[prompt.length()];
        for (int i = 0; i < prompt.length(); i++) promptIndices[i] = Math.max(0, corpus.indexOf(prompt.charAt(i)));
        model.eval();
        try (GradMode g = Autograd.noGrad(); Scope scope = Scope.open()) {
            RecurrentOutput r = model.step(Tensor.of(promptIndices, 1, prompt.length()), null, null);
            for (int i = 0; i < length; i++) {
                // Scores of the last position -> probabilities, read back to draw one character.
                float[] p = r.output().select(1, r.output().shape(1) - 1).div(temperature).softmax(-1).toFloatArray();
                int next = draw(p, random.nextDouble());
                text.append(corpus.charAt(next));
                r = model.step(Tensor.of(new int[] {next}, 1, 1), r.h(), r.c());
            }
        } finally {
            model.train();
        }
        return text.toString();
    }

    /** The index where the running sum of {@code p} passes {@code u} (u uniform in [0, 1)). */
    static int draw(float[] p, double u) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += p[i];
            if (u < sum) return i;
        }
        return p.length - 1; // rounding left the sum just under 1
    }
}
