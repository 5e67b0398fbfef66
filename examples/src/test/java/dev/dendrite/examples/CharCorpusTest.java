package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharCorpusTest {
    @TempDir Path dir;

    @Test
    void alphabetIsSortedAndEncodingRoundTrips() {
        CharCorpus c = new CharCorpus("banana\n");
        assertEquals(4, c.vocabularySize());               // '\n', 'a', 'b', 'n'
        assertEquals('\n', c.charAt(0));
        assertEquals('n', c.charAt(3));
        assertArrayEquals(new int[] {2, 1, 3, 1, 3, 1, 0}, c.encoded());
        assertEquals(-1, c.indexOf('z'));
    }

    @Test
    void readsGzipAndPlainFilesAlike() throws IOException {
        String text = "ABASEMENT, n.  A decent and customary mental attitude.\r\n";
        Path plain = Files.writeString(dir.resolve("a.txt"), text);
        Path gz = dir.resolve("a.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(text.replace("\r\n", "\n"), CharCorpus.load(plain).text());
        assertEquals(text.replace("\r\n", "\n"), CharCorpus.load(gz).text());
    }

    @Test
    void dictdHeaderAndTrailerAreDropped() {
        String raw = "00-database-dictfmt-1.13.0\nhttp://example\n00-database-short\n     The Book\n\n"
                + "PREFACE\n\nSome words, ABC no entry.\n\n"
                + "ABASEMENT, n.  A decent attitude.\n\nZOOLOGY, n.  The science.\n\n abcdefghijklmnopqrstuvwxyz\n";
        assertEquals("ABASEMENT, n.  A decent attitude.\n\nZOOLOGY, n.  The science.\n", CharCorpus.dictBody(raw));
    }

    @Test
    void theDebianBookLoadsWhenInstalled() {
        if (!Files.exists(CharCorpus.DEVILS_DICTIONARY)) return; // dict-devil not installed here
        CharCorpus c = CharCorpus.load(CharCorpus.DEVILS_DICTIONARY);
        assertTrue(c.text().startsWith("ABASEMENT, n."), c.text().substring(0, 40));
        assertTrue(c.text().length() > 300_000);
        assertTrue(c.vocabularySize() < 100);
    }

    @Test
    void missingFileIsAUserErrorWithTheFix() {
        UserError e = assertThrows(UserError.class, () -> CharCorpus.load(dir.resolve("nope.txt")));
        assertEquals("text file " + dir.resolve("nope.txt") + " does not exist", e.getMessage());
        assertEquals(UserError.ENVIRONMENT, e.exitCode());
    }
}
