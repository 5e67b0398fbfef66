package dev.dendrite.train;

import java.util.Map;

/**
 * Reads the typed values of a checkpoint's metadata strings. A value that does not parse fails
 * with a message naming its key and what was there, so a hand-edited or damaged checkpoint says
 * which entry to look at. Missing counts read as 0 (checkpoints written before the key existed).
 */
final class Metadata {
    private Metadata() {}

    static int integer(Map<String, String> meta, String key) {
        long v = whole(meta, key);
        if (v < 0 || v > Integer.MAX_VALUE) throw bad(key, meta.get(key), "a whole number from 0 to " + Integer.MAX_VALUE);
        return (int) v;
    }

    static long whole(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    static float number(Map<String, String> meta, String key) {
        String v = meta.get(key);
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw bad(key, v, "a number");
        }
    }

    static History history(Map<String, String> meta, String key) {
        try {
            return History.fromJson(meta.get(key));
        } catch (RuntimeException e) { // bad JSON, or JSON of the wrong shape
            throw new IllegalArgumentException("checkpoint metadata '" + key + "' is not a training history: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("checkpoint metadata '" + key + "' is '" + value + "', expected " + expected);
    }
}
