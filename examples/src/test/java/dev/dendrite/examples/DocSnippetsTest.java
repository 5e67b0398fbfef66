package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java in README.md and docs/GUIDE.md cannot drift from the code: every ```java block is
 * compiled against this module's class path and run, and what it prints is checked against the
 * lines its {@code // prints: ...} comments promise. A block that declares a class is compiled
 * as it stands and its main() run; a block of statements is wrapped in a main() with the
 * imports a user of the whole API would write (listed in {@link #IMPORTS}).
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final Pattern PRINTS = Pattern.compile("//\\s*prints:\\s*(.+)$", Pattern.MULTILINE);
    static final String IMPORTS = String.join("\n",
            "import dev.dendrite.tensor.*;", "import dev.dendrite.nn.*;", "import dev.dendrite.optim.*;",
            "import dev.dendrite.train.*;", "import dev.dendrite.data.*;", "import dev.dendrite.device.*;",
            "import dev.dendrite.io.*;", "import java.nio.file.*;", "import java.util.*;", "");

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String doc : List.of("README.md", "docs/GUIDE.md")) {
            String text = Files.readString(ROOT.resolve(doc));
            Matcher m = BLOCK.matcher(text);
            int n = 0;
            while (m.find()) {
                n++;
                int line = (int) text.substring(0, m.start()).lines().count() + 1;
                String code = m.group(1);
                String name = doc + " line " + line;
                tests.add(DynamicTest.dynamicTest(name, () -> compileAndRun(name, code)));
            }
            assertTrue(n > 0, doc + " has no ```java block");
        }
        return tests.stream();
    }

    private static void compileAndRun(String name, String code) throws Exception {
        Matcher cls = CLASS.matcher(code);
        String className;
        String source;
        if (cls.find()) {
            className = cls.group(1);
            source = code;
        } else {
            className = "Snippet";
            source = IMPORTS + "public class Snippet {\n    public static void main(String[] args) throws Exception {\n"
                    + code + "\n    }\n}\n";
        }
        Path dir = Files.createTempDirectory("snippet");
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector", file.toString());
        assertEquals(0, rc, name + " does not compile:\n" + diagnostics + "\n" + source);

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, DocSnippetsTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = printed.toString();
        Matcher p = PRINTS.matcher(code);
        while (p.find()) {
            String promised = p.group(1).trim();
            assertTrue(out.contains(promised), name + " promises to print '" + promised + "' but printed:\n" + out);
        }
    }
}
