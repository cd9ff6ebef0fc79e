package dev.baton.cli;

import picocli.CommandLine.Parameters;

/** A gateway subcommand about one thing named on the command line (a job id, a dataset name...). */
abstract class NamedGatewayCommand extends GatewayCommand {
    @Parameters(index = "0", description = "its name or id")
    String name;
}
