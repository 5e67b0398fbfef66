package dev.dendrite.bench.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A kernel family of the runner ({@code ./dendrite kernel NAME}): its variants and what its size means.
 *
 * @param name        what the command line names
 * @param about       one line: what it computes and where its kernels are
 * @param sizeHelp    what {@code --size} takes, e.g. "N or MxNxK"
 * @param defaultSize the size used without {@code --size}
 * @param dims        how many numbers {@code --size} may hold (e.g. {1, 3} for matmul)
 */
record Family(String name, String about, String sizeHelp, int[] defaultSize, int[] dims, List<Variant> variants) {

    List<String> variantNames() {
        List<String> names = new ArrayList<>();
        for (Variant v : variants) names.add(v.name());
        return names;
    }

    Variant variant(String name) {
        for (Variant v : variants) if (v.name().equals(name)) return v;
        return null;
    }

    boolean takesDims(int n) {
        for (int d : dims) if (d == n) return true;
        return false;
    }
}
