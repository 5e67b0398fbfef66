package dev.dendrite.build;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What users must not call lives in {@code *.internal} packages (left out of the javadoc) or is
 * not public; and no public signature outside them hands out an internal type, so a user never
 * needs one.
 */
class InternalPackagesTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void implementationClassesAreInternalOrHidden() throws ClassNotFoundException {
        for (String name : new String[] {"dev.dendrite.io.internal.Json", "dev.dendrite.device.internal.Shapes",
                "dev.dendrite.device.internal.MergedDims"}) {
            assertTrue(Class.forName(name).getPackageName().endsWith(".internal"), name);
        }
        assertFalse(Modifier.isPublic(Class.forName("dev.dendrite.javadevice.JavaBuffer").getModifiers()),
                "JavaBuffer is the java device's own buffer type");
    }

    @Test
    void noPublicSignatureOutsideInternalPackagesUsesAnInternalType() throws IOException, ClassNotFoundException {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : publicApiClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!visible(m.getModifiers()) || m.isSynthetic()) continue;
                check(leaks, c, m.getName() + " returns", m.getReturnType());
                for (Class<?> p : m.getParameterTypes()) check(leaks, c, m.getName() + " takes", p);
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (!visible(k.getModifiers())) continue;
                for (Class<?> p : k.getParameterTypes()) check(leaks, c, "its constructor takes", p);
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) check(leaks, c, "field " + f.getName() + " is", f.getType());
            }
            if (c.getSuperclass() != null) check(leaks, c, "extends", c.getSuperclass());
            for (Class<?> i : c.getInterfaces()) check(leaks, c, "implements", i);
        }
        assertEquals(List.of(), leaks);
    }

    private static List<Class<?>> publicApiClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.endsWith("package-info") || name.startsWith("dev.dendrite.javadevice.Vector")) continue;
                Class<?> c = Class.forName(name, false, InternalPackagesTest.class.getClassLoader());
                if (isInternal(c) || !Modifier.isPublic(c.getModifiers())) continue;
                if (c.getEnclosingClass() != null && !Modifier.isPublic(c.getEnclosingClass().getModifiers())) continue;
                out.add(c);
            }
        }
        assertFalse(out.isEmpty(), "no classes under " + CLASSES.toAbsolutePath());
        return out;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean isInternal(Class<?> c) {
        while (c.isArray()) c = c.getComponentType();
        return c.getPackageName().endsWith(".internal") || c.getPackageName().contains(".internal.");
    }

    private static void check(List<String> leaks, Class<?> owner, String what, Class<?> type) {
        if (isInternal(type)) leaks.add(owner.getName() + ": " + what + " " + type.getName());
    }
}
