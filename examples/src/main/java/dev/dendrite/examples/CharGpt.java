package dev.dendrite.examples;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.GradMode;
import dev.dendrite.data.ArrayDataset;
import dev.dendrite.data.DataLoader;
import dev.dendrite.device.Device;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.nn.CrossEntropyLoss;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.StateDicts;
import dev.dendrite.optim.AdamW;
import dev.dendrite.optim.LrSchedule;
import dev.dendrite.optim.WeightDecay;
import dev.dendrite.tensor.Scope;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.History;
import dev.dendrite.train.ProgressBar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A character-level GPT ({@link Gpt}) trained from scratch on The Devil's Dictionary (Debian
 * {@code dict-devil}, as the lstm example) or any --text.
 *
 * <p>The text is split 90/10 into training and validation parts, each cut into windows of --context
 * characters; a window's target is the same window shifted by one character, so every position
 * predicts its next character. Training is the usual GPT recipe: AdamW with weight decay on the
 * matrices only (not on biases, LayerNorms or embeddings), a linear warm-up and a cosine decay of
 * the learning rate to a tenth over all steps, and the gradient norm clipped. The shared
 * {@code Trainer} runs it, so the progress bar, a checkpoint per epoch, {@code --resume} and the NaN
 * stop work as in the other examples.
 *
 * <p>At the end it prints the validation loss next to the loss of a unigram model of the same
 * validation characters (their own frequencies: the best any model that ignores context can do),
 * a sample, and one line {@code val_loss=X unigram_loss=Y}.
 */
public final class CharGpt implements Example {
    /** The share of the text that trains; the rest validates. */
    static final double TRAIN_SHARE = 0.9;
    static final String PROMPT = "LOVE, n.  ";

    @Override public String name() {
        return "gpt";
    }

    @Override public String summary() {
        return "a character-level GPT (a small transformer) trained on The Devil's Dictionary (Debian: dict-devil)";
    }

    @Override public Options options() {
        return Options.forCommand(name(), "Trains a character-level GPT on a text; prints the validation loss, a unigram"
                        + " model's loss on the same text and a sample.")
                .remove("data")
                .set("epochs", "6").set("batch", "32").set("lr", "0.002")
                .add("text", CharCorpus.DEVILS_DICTIONARY.toString(), Options.Kind.PATH, "the text to learn (plain or gzip)")
                .add("context", "64", Options.Kind.COUNT, "characters per window: how far back the model sees")
                .add("width", "128", Options.Kind.COUNT, "the size of each position's vector (E)")
                .add("layers", "4", Options.Kind.COUNT, "transformer blocks")
                .add("heads", "4", Options.Kind.COUNT, "attention heads per block (must divide --width)")
                .add("tie", "false", Options.Kind.SWITCH, "share the token embedding with the output layer")
                .add("dropout", "0", Options.Kind.FRACTION, "dropout after the embeddings, on attention weights and residual branches")
                .add("weight-decay", "0.1", Options.Kind.FRACTION, "AdamW's decoupled weight decay of the matrices")
                .add("warmup", "100", Options.Kind.COUNT, "steps of linear learning-rate warm-up before the cosine decay")
                .add("clip", "1", Options.Kind.POSITIVE, "the most the gradients' joint L2 norm may be")
                .add("sample", "300", Options.Kind.COUNT, "characters to generate at the end")
                .add("temperature", "0.8", Options.Kind.POSITIVE, "sampling temperature: low is safe, high is wild");
    }

    @Override public void run(Options o) throws IOException {
        int context = o.intValue("context"), width = o.intValue("width"), heads = o.intValue("heads");
        if (width % heads != 0) throw UserError.usage("--heads " + heads + " must divide --width " + width);
        Device device = DeviceChoice.open(o.device());
        CharCorpus corpus = CharCorpus.load(o.path("text"));
        int split = (int) (corpus.length() * TRAIN_SHARE);
        if (corpus.length() - split < context + 1) {
            throw UserError.usage("--context " + context + " is too long for the text: its validation part (the last 10%) has "
                    + (corpus.length() - split) + " characters, and a window needs " + (context + 1));
        }
        ArrayDataset train = windows(corpus.encoded(), 0, split, context);
        ArrayDataset val = windows(corpus.encoded(), split, corpus.length(), context);
        double unigram = unigramLoss(val, corpus.vocabularySize());

        Init.manualSeed(o.seed());
        try (Gpt model = new Gpt(corpus.vocabularySize(), context, width, o.intValue("layers"), heads,
                     o.floatValue("dropout"), o.isOn("tie"), device);
             AdamW adamw = new AdamW(model.parameters(), o.lr(), 0.9f, 0.99f, 1e-8f, o.floatValue("weight-decay"));
             DataLoader trainLoader = new DataLoader(train, o.batch(), true, false, o.seed());
             DataLoader valLoader = new DataLoader(val, 64)) {
            adamw.withoutDecay(noDecay(model));
            System.out.printf(Locale.ROOT, "%s: %,d characters (%,d train, %,d validation), %d distinct; GPT of %,d parameters on %s; %s%n",
                    o.path("text").getFileName(), corpus.length(), split, corpus.length() - split, corpus.vocabularySize(),
                    model.numParameters(), device.description(), o.describe());
            long steps = (long) trainLoader.numBatches() * o.epochs();
            System.out.printf(Locale.ROOT, "%d steps (%d per epoch) of %d windows of %d characters%n", steps,
                    trainLoader.numBatches(), o.batch(), context);

            long start = System.nanoTime();
            History history = ExampleTrainer.create(o)
                    .progress(ProgressBar.console().rate("char/s", context))
                    .schedule(schedule(o.intValue("warmup"), steps, o.lr() / 10), true)
                    .clipGradNorm(o.floatValue("clip"))
                    .fit(model, new CrossEntropyLoss(), adamw, trainLoader, valLoader, o.epochs());
            double seconds = (System.nanoTime() - start) / 1e9;
            double valLoss = history.last().valLoss();

            Path weights = o.out().resolve("gpt.safetensors");
            SafeTensors.write(weights, StateDicts.toHost(model.stateDict()));
            System.out.printf(Locale.ROOT, "%ntrained in %.0f s; wrote %s (the weights) and %s (for --resume)%n", seconds, weights,
                    o.out().resolve("last.safetensors"));
            System.out.printf(Locale.ROOT, "validation loss %.4f nats per character; a unigram model of the same characters: %.4f"
                    + " (the model's loss is %.2f of it)%n", valLoss, unigram, valLoss / unigram);
            float temperature = o.floatValue("temperature");
            System.out.printf(Locale.ROOT, "%nsample (temperature %s, seed %d):%n%s%n%n", o.value("temperature"), o.seed(),
                    sample(model, corpus, PROMPT, o.intValue("sample"), temperature, new SplittableRandom(o.seed())));
            EpochTime.print(history);
            System.out.printf(Locale.ROOT, "val_loss=%.4f unigram_loss=%.4f%n", valLoss, unigram);
        }
    }

    /**
     * The text from {@code from} to {@code to} cut into windows of {@code context} characters
     * back to back; the targets are each window shifted by one (so the last character of the part
     * is only a target). Inputs are floats because a DataLoader makes float batches; the model
     * turns them back into indices.
     */
    static ArrayDataset windows(int[] text, int from, int to, int context) {
        int n = (to - from - 1) / context;
        float[] inputs = new float[n * context];
        int[] targets = new int[n * context];
        for (int w = 0; w < n; w++) {
            for (int i = 0; i < context; i++) {
                inputs[w * context + i] = text[from + w * context + i];
                targets[w * context + i] = text[from + w * context + i + 1];
            }
        }
        return ArrayDataset.sequenceLabels(inputs, new int[] {context}, targets, new int[] {context});
    }

    /**
     * The cross-entropy (nats per character) of a unigram model of the targets of {@code data}:
     * each character predicted with its own frequency there, whatever came before. Any model
     * that uses context must do better.
     */
    static double unigramLoss(ArrayDataset data, int vocabulary) {
        long[] counts = new long[vocabulary];
        int perWindow = data.targetShape()[0];
        int[] targets = new int[perWindow];
        long n = 0;
        for (int w = 0; w < data.size(); w++) {
            data.copyLabels(w, targets, 0);
            for (int c : targets) counts[c]++;
            n += perWindow;
        }
        double loss = 0;
        for (long c : counts) if (c > 0) loss -= (double) c / n * Math.log((double) c / n);
        return loss;
    }

    /** Biases and LayerNorm weights (rank 1) and the embeddings: no weight decay for them, as in GPT-2. */
    static List<Tensor> noDecay(Gpt model) {
        List<Tensor> out = new ArrayList<>(WeightDecay.exempt(model.parameters()));
        out.addAll(model.embeddings());
        return out;
    }

    /** Linear warm-up to the base rate over {@code warmup} steps, then a cosine down to {@code minLr} at the last step. */
    static LrSchedule schedule(int warmup, long steps, float minLr) {
        long w = Math.max(1, Math.min(warmup, steps - 1));
        return LrSchedule.warmup(w, 1f / w, LrSchedule.cosine(Math.max(1, steps - w), minLr));
    }

    /**
     * Writes {@code length} characters after {@code prompt}: the model scores the next character
     * from the last --context characters, one is drawn from softmax(scores / temperature), appended,
     * and the window moves on.
     */
    static String sample(Gpt model, CharCorpus corpus, String prompt, int length, float temperature, SplittableRandom random) {
        int[] text = new int[prompt.length() + length];
        for (int i = 0; i < prompt.length(); i++) text[i] = Math.max(0, corpus.indexOf(prompt.charAt(i)));
        StringBuilder out = new StringBuilder(prompt);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (GradMode g = Autograd.noGrad()) {
            for (int n = prompt.length(); n < text.length; n++) {
                int t = Math.min(n, model.context);
                try (Scope scope = Scope.open()) {
                    Tensor scores = model.forward(Tensor.of(java.util.Arrays.copyOfRange(text, n - t, n), 1, t));
                    float[] p = scores.select(0, 0).select(0, t - 1).div(temperature).softmax(-1).toFloatArray();
                    text[n] = CharLstm.draw(p, random.nextDouble());
                }
                out.append(corpus.charAt(text[n]));
            }
        } finally {
            model.train(wasTraining);
        }
        return out.toString();
    }
}
