package dev.baton.cli;

import picocli.CommandLine;

/** Prints a failure as one line that says what went wrong (the stack trace only with BATON_DEBUG=1). */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        command.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if ("1".equals(System.getenv("BATON_DEBUG"))) {
            e.printStackTrace(command.getErr());
        }
        return 1;
    }
}
