package dev.dendrite.examples;

/** One runnable example: a name for the command line, its flags, and the program itself. */
public interface Example {

    /** The subcommand: {@code ./dendrite NAME}. */
    String name();

    /** One line for {@code ./dendrite help}. */
    String summary();

    /** The flags with this example's defaults (not yet parsed). */
    Options options();

    /** Runs the example with the parsed flags. A {@link UserError} ends it with a one-line message. */
    void run(Options options) throws Exception;
}
