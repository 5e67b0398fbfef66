package dev.dendrite.config;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The settings table is complete, documented, and the only place library code reads the environment. */
class SettingTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void guideCarriesTheTableVerbatim() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/GUIDE.md"));
        assertTrue(guide.contains(Setting.markdownTable()),
                "docs/GUIDE.md must contain Setting.markdownTable() verbatim; regenerate it from:\n" + Setting.markdownTable());
    }

    @Test
    void libraryCodeReadsSettingsOnlyThroughSetting() throws IOException {
        Pattern direct = Pattern.compile("System\\.getenv\\(|(System\\.getProperty|Integer\\.getInteger|Boolean\\.getBoolean|Long\\.getLong)\\(\"dendrite");
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles("src/main")) {
            if (file.endsWith(Path.of("config/Setting.java"))) continue;
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (direct.matcher(lines.get(i)).find()) offenders.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertEquals(List.of(), offenders, "read settings through dev.dendrite.config.Setting");
    }

    @Test
    void everyVariableNamedInCodeOrScriptsIsInTheTable() throws IOException {
        Set<String> known = Arrays.stream(Setting.values()).map(Setting::env).collect(Collectors.toSet());
        Pattern name = Pattern.compile("DENDRITE_[A-Z0-9_]*[A-Z0-9]");
        Set<String> unknown = new TreeSet<>();
        List<Path> files = new ArrayList<>(javaFiles("src"));
        files.add(ROOT.resolve("dendrite"));
        try (Stream<Path> ci = Files.list(ROOT.resolve(".ci"))) { ci.forEach(files::add); }
        for (Path file : files) {
            Matcher m = name.matcher(Files.readString(file));
            while (m.find()) {
                // DENDRITE_REQUIRE_X stands for "any of the REQUIRE variables" in comments.
                if (!known.contains(m.group()) && !m.group().equals("DENDRITE_REQUIRE_X")) {
                    unknown.add(m.group() + " (" + ROOT.relativize(file) + ")");
                }
            }
        }
        assertEquals(Set.of(), unknown, "add these to dev.dendrite.config.Setting and docs/GUIDE.md");
    }

    @Test
    void propertyWinsOverDefaultAndBadNumbersNameTheSetting() {
        String old = System.getProperty("dendrite.kc");
        try {
            System.setProperty("dendrite.kc", "64");
            assertEquals(64, Setting.GEMM_KC.intValue());
            System.setProperty("dendrite.kc", "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Setting.GEMM_KC::intValue);
            assertTrue(e.getMessage().contains("DENDRITE_GEMM_KC") && e.getMessage().contains("lots"), e.getMessage());
            System.clearProperty("dendrite.kc");
            assertEquals(384, Setting.GEMM_KC.intValue());
        } finally {
            if (old == null) System.clearProperty("dendrite.kc");
            else System.setProperty("dendrite.kc", old);
        }
    }

    /** Every .java file under {@code <module>/<sub>} of every module. */
    private static List<Path> javaFiles(String sub) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String module : List.of("core", "kernels", "backends/opencl", "backends/cuda", "spark", "examples", "bench")) {
            Path dir = ROOT.resolve(module).resolve(sub);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            }
        }
        assertFalse(out.isEmpty(), "no sources found under " + ROOT);
        return out;
    }
}
