package dev.dendrite.examples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A text for a character-level language model: the text itself, its alphabet (the distinct
 * characters, sorted) and the text as alphabet indices.
 *
 * <p>The default text is Ambrose Bierce's <i>The Devil's Dictionary</i> (1911, public domain), which
 * Debian ships in the package {@code dict-devil} as a dictd database: gzip-compatible
 * ({@code .dict.dz}) with a few lines of database header before the book and the alphabet after it.
 * Those lines are dropped, so the model learns the book: entries like
 * "ABASEMENT, n.  A decent and customary mental attitude in the presence of wealth or power."
 */
public final class CharCorpus {
    /** Where Debian's dict-devil installs the book. */
    public static final Path DEVILS_DICTIONARY = Path.of("/usr/share/dictd/devil.dict.dz");

    /** A dictionary entry's first line, "ABASEMENT, n.  ...": where the book's body starts. */
    private static final Pattern FIRST_ENTRY = Pattern.compile("(?m)^[A-Z][A-Z' -]+, [a-z.]+ ");
    /** The line dictfmt appends after the last entry. */
    private static final Pattern DICTFMT_ALPHABET = Pattern.compile("\\s*abcdefghijklmnopqrstuvwxyz\\s*$");

    private final String text;
    private final char[] alphabet;
    private final int[] encoded;

    public CharCorpus(String text) {
        if (text.length() < 2) throw new IllegalArgumentException("CharCorpus: the text has " + text.length() + " characters, need at least 2");
        this.text = text;
        this.alphabet = distinctSorted(text);
        this.encoded = new int[text.length()];
        for (int i = 0; i < text.length(); i++) encoded[i] = indexOf(text.charAt(i));
    }

    /**
     * Reads a text file, gzip or plain (told apart by the gzip magic bytes), as UTF-8 with Unix
     * line ends. A dictd database (name ending in .dict.dz or .dict) loses its header and trailer.
     *
     * @throws UserError (environment) when the file is missing or unreadable
     */
    public static CharCorpus load(Path file) {
        String text;
        try {
            text = readText(file);
        } catch (NoSuchFileException e) {
            String hint = file.equals(DEVILS_DICTIONARY)
                    ? ": install Debian's dict-devil (apt-get install dict-devil) or pass --text FILE"
                    : "";
            throw UserError.environment("text file " + file + " does not exist" + hint);
        } catch (IOException e) {
            throw UserError.environment("cannot read text file " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".dict.dz") || name.endsWith(".dict")) text = dictBody(text);
        if (text.length() < 2) throw UserError.environment("text file " + file + " holds no text");
        return new CharCorpus(text);
    }

    static String readText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The book inside a dictd database: from its first entry to before dictfmt's alphabet line. */
    static String dictBody(String text) {
        Matcher m = FIRST_ENTRY.matcher(text);
        String body = m.find() ? text.substring(m.start()) : text;
        return DICTFMT_ALPHABET.matcher(body).replaceFirst("\n");
    }

    private static char[] distinctSorted(String text) {
        boolean[] seen = new boolean[Character.MAX_VALUE + 1];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!seen[c]) {
                seen[c] = true;
                n++;
            }
        }
        char[] out = new char[n];
        int k = 0;
        for (int c = 0; c <= Character.MAX_VALUE; c++) if (seen[c]) out[k++] = (char) c;
        return out;
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** Number of distinct characters: the model's input and output size. */
    public int vocabularySize() {
        return alphabet.length;
    }

    /** The alphabet index of {@code c}, or -1 when the text never uses it. */
    public int indexOf(char c) {
        int i = Arrays.binarySearch(alphabet, c);
        return i >= 0 ? i : -1;
    }

    public char charAt(int index) {
        return alphabet[index];
    }

    /** The whole text as alphabet indices (shared, do not modify). */
    public int[] encoded() {
        return encoded;
    }
}
