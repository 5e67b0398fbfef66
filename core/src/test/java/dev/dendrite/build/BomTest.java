package dev.dendrite.build;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM names every library module at the reactor's version, so users never mix versions. */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void bomListsEveryLibraryModuleAtTheProjectVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        String version = first(parent, "<artifactId>dendrite-parent</artifactId>\\s*<version>([^<]+)</version>");
        assertEquals(version, first(bom, "<artifactId>dendrite-bom</artifactId>\\s*<version>([^<]+)</version>"));

        Set<String> libraries = new TreeSet<>();
        for (String module : new String[] {"core", "kernels", "backends/opencl", "backends/cuda", "spark"}) {
            libraries.add(first(Files.readString(ROOT.resolve(module).resolve("pom.xml")),
                    "</parent>\\s*<artifactId>([^<]+)</artifactId>"));
        }
        Set<String> inBom = new TreeSet<>();
        Matcher m = Pattern.compile("<artifactId>(dendrite-[a-z]+)</artifactId><version>([^<]+)</version>").matcher(bom);
        while (m.find()) {
            assertEquals(version, m.group(2), m.group(1) + " in the BOM");
            inBom.add(m.group(1));
        }
        assertEquals(libraries, inBom);
    }

    @Test
    void everyJarNamesItsModule() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        assertTrue(parent.contains("<Automatic-Module-Name>${module.name}</Automatic-Module-Name>"),
                "the parent's jar plugin writes each module's name into its manifest");
        Set<String> names = new TreeSet<>();
        for (String module : new String[] {"core", "kernels", "backends/opencl", "backends/cuda", "spark", "examples", "bench"}) {
            String name = first(Files.readString(ROOT.resolve(module).resolve("pom.xml")), "<module.name>([^<]+)</module.name>");
            assertTrue(name.matches("dev\\.dendrite\\.[a-z]+"), module + ": module name " + name);
            assertTrue(names.add(name), "two modules are named " + name);
        }
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }
}
