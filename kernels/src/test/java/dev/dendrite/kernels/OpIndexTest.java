package dev.dendrite.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.device.Device;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The op index at the top of kernels/README.md: a row for every primitive of {@link Device} that
 * computes (every method but memory, naming and lifecycle), every link in it pointing at a file
 * that exists, and every kernel it names declared in a .cl file.
 */
class OpIndexTest {
    /** The methods of Device that do not compute: memory, names, waiting, closing. */
    private static final Set<String> NOT_PRIMITIVES = Set.of("name", "description", "allocate", "release", "upload",
            "download", "synchronize", "memoryStats", "close");

    private static final Path README = Path.of("README.md");

    @Test void everyPrimitiveHasARow() throws IOException {
        Set<String> rows = new TreeSet<>();
        for (String[] cells : rows()) rows.add(cells[0].replace("`", "").trim());
        Set<String> missing = new TreeSet<>();
        for (Method m : Device.class.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || NOT_PRIMITIVES.contains(m.getName())) continue;
            if (!rows.contains(m.getName())) missing.add(m.getName());
        }
        assertEquals(Set.of(), missing, "Device primitives without a row in the op index of kernels/README.md");
        assertTrue(rows.size() >= 20, "the op index looks truncated: " + rows);
    }

    @Test void everyLinkOfTheIndexExists() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (String[] cells : rows()) {
            for (String cell : cells) {
                Matcher m = link.matcher(cell);
                while (m.find()) {
                    if (!Files.exists(README.resolveSibling(m.group(1)))) broken.add(cells[0] + ": " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), broken, "links in the op index that point at no file");
    }

    @Test void everyKernelNamedInTheIndexIsDeclared() throws IOException {
        Set<String> declared = new TreeSet<>();
        Matcher k = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(").matcher("");
        for (String family : KernelSources.FAMILIES) {
            k.reset(KernelSources.load(family));
            while (k.find()) declared.add(k.group(1));
        }
        Set<String> unknown = new TreeSet<>();
        for (String[] cells : rows()) {
            Matcher name = Pattern.compile("`([a-z0-9]+_[a-z0-9_]+)`").matcher(cells[2]);
            while (name.find()) if (!declared.contains(name.group(1))) unknown.add(cells[0] + ": " + name.group(1));
        }
        assertEquals(Set.of(), unknown, "kernels named in the op index that no .cl file declares");
    }

    /** The cells of every row of the table under "## Op index". */
    private static List<String[]> rows() throws IOException {
        String text = Files.readString(README);
        int start = text.indexOf("## Op index");
        assertTrue(start >= 0, "kernels/README.md has no '## Op index' section");
        int end = text.indexOf("\n## ", start + 3);
        List<String[]> rows = new ArrayList<>();
        for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
            if (!line.startsWith("| `")) continue;
            String[] cells = line.substring(1).split(" \\| ");
            assertEquals(6, cells.length, "an op index row needs 6 cells: " + line);
            rows.add(cells);
        }
        return rows;
    }
}
