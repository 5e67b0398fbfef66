package dev.dendrite.examples;

/**
 * A mistake a user can fix (a bad flag, missing data, a device that is not there). {@link Main}
 * prints its message on one line, without a stack trace, and exits with {@link #exitCode()}.
 */
public final class UserError extends RuntimeException {
    /** Exit code for a command line that cannot be understood. */
    public static final int USAGE = 2;
    /** Exit code for a missing file, data set or device. */
    public static final int ENVIRONMENT = 1;

    private final int exitCode;

    private UserError(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The command line is wrong: an unknown flag, a value that is not a number, ... */
    public static UserError usage(String message) {
        return new UserError(message, USAGE, null);
    }

    /** Something the command needs is missing here: data, a text, a device driver. */
    public static UserError environment(String message) {
        return new UserError(message, ENVIRONMENT, null);
    }

    /** Like {@link #environment(String)}, keeping the cause for whoever debugs it. */
    public static UserError environment(String message, Throwable cause) {
        return new UserError(message, ENVIRONMENT, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
