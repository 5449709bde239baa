package org.sunlight.cli;

import java.io.PrintWriter;

/** One command of a {@link CommandLine}: what it accepts ({@link #spec()}) and what it does ({@link #run}). */
public interface Command {

    /** The command's name, description, options and parameters. */
    CommandSpec spec();

    /**
     * Does the command's work with a command line already checked against {@link #spec()}.
     *
     * @return the exit code: 0 for success
     * @throws Exception anything; {@link CommandLine} turns it into an exit code
     */
    int run(Arguments arguments, PrintWriter out, PrintWriter err) throws Exception;
}
