package dev.dendrite.bench.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.kernels.KernelSources;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The run commands in the kernel headers ({@code ./dendrite kernel FAMILY --variant V}) name
 * families and variants the runner has (the kernels module's KernelSourcesTest checks that every
 * header has one).
 */
class KernelRunLinesTest {
    private static final Pattern COMMAND = Pattern.compile("\\./dendrite kernel ([\\w-]+)");
    private static final Pattern VARIANT = Pattern.compile("--variant ([\\w-]+)");

    @Test void everyRunLineNamesARealFamilyAndVariant() {
        List<String> wrong = new ArrayList<>();
        int commands = 0;
        for (String file : KernelSources.FAMILIES) {
            String src = KernelSources.load(file);
            String header = src.substring(0, src.indexOf("*/"));
            Family family = null;
            for (String line : header.split("\n")) {
                Matcher c = COMMAND.matcher(line);
                if (c.find()) {
                    commands++;
                    family = Families.byName(c.group(1));
                    if (family == null) wrong.add(file + ".cl: no kernel family '" + c.group(1) + "'");
                }
                Matcher v = VARIANT.matcher(line);
                while (v.find() && family != null) {
                    if (family.variant(v.group(1)) == null) wrong.add(file + ".cl: " + family.name() + " has no variant '" + v.group(1) + "'");
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(commands >= 4, "expected run commands in the kernel headers, found " + commands);
    }
}
