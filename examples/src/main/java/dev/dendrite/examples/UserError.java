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
    private final boolean pointsToHelp;

    private UserError(String message, int exitCode, Throwable cause, boolean pointsToHelp) {
        super(message, cause);
        this.exitCode = exitCode;
        this.pointsToHelp = pointsToHelp;
    }

    private UserError(String message, int exitCode, Throwable cause) {
        this(message, exitCode, cause, exitCode == USAGE);
    }

    /** The command line is wrong: an unknown flag, a value that is not a number, ... */
    public static UserError usage(String message) {
        return new UserError(message, USAGE, null);
    }

    /**
     * A path on the command line cannot be used (an --out that cannot be written): a usage error,
     * but the flag's help would not help, so the message stands alone.
     */
    public static UserError badPath(String message, Throwable cause) {
        return new UserError(message, USAGE, cause, false);
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

    /** True when a second line should point to the command's --help. */
    public boolean pointsToHelp() {
        return pointsToHelp;
    }
}
