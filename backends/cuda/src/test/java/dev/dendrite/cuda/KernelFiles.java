package dev.dendrite.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Lists the kernel files ({@code *.cl}) that sit beside the CUDA prelude on the class path. */
final class KernelFiles {
    private KernelFiles() {}

    /** File names such as {@code "elementwise.cl"}, sorted. */
    static List<String> all() {
        URL prelude = KernelFiles.class.getClassLoader().getResource(CudaSource.KERNEL_DIR + CudaSource.PRELUDE);
        if (prelude == null) throw new IllegalStateException(CudaSource.KERNEL_DIR + CudaSource.PRELUDE + " is not on the class path");
        List<String> names = new ArrayList<>();
        try {
            if (prelude.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(prelude.toURI()).getParent())) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cl")).forEach(names::add);
                }
            } else if (prelude.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) prelude.openConnection();
                try (JarFile jar = connection.getJarFile()) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String name = e.nextElement().getName();
                        if (name.startsWith(CudaSource.KERNEL_DIR) && name.endsWith(".cl")
                                && name.indexOf('/', CudaSource.KERNEL_DIR.length()) < 0) {
                            names.add(name.substring(CudaSource.KERNEL_DIR.length()));
                        }
                    }
                }
            } else {
                throw new IllegalStateException("cannot list kernel files under " + prelude);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        names.sort(null);
        return names;
    }
}
